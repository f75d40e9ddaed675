package org.intranet.connector.store;

import java.time.Instant;

/** A Salesforce record kept aside because it could not be mapped or validated. */
public record RejectedRecord(
        long id,
        Long runId,
        String salesforceId,
        String payload,
        String reason,
        Instant rejectedAt,
        Instant resolvedAt,
        Long resolvedByRun) {
}
