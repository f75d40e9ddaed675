package org.intranet.connector.store;

import java.time.Instant;

/**
 * How far a sync stream has committed: the newest Salesforce SystemModstamp applied, and the
 * Id of the last record applied at that timestamp.
 */
public record Watermark(Instant systemModstamp, String lastId) {
}
