package org.intranet.connector.store;

import java.time.Duration;
import java.time.Instant;

/** One directory sync run and its counts. */
public record SyncRun(
        long id,
        String kind,
        Instant startedAt,
        Instant finishedAt,
        int fetched,
        int created,
        int updated,
        int unchanged,
        int deactivated,
        int rejected,
        int apiCalls,
        String outcome,
        String error) {

    public Duration duration() {
        return finishedAt == null ? Duration.ZERO : Duration.between(startedAt, finishedAt);
    }
}
