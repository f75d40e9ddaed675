package org.intranet.connector.store;

import java.time.Instant;

/** A stored intranet user with the store's own timestamps. */
public record DirectoryUser(UserRecord record, Instant createdAt, Instant updatedAt, Instant deactivatedAt) {
}
