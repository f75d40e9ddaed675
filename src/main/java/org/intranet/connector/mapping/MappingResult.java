package org.intranet.connector.mapping;

import org.intranet.connector.store.UserRecord;

/**
 * The outcome of mapping one Salesforce record: a user, or the reason it was rejected.
 *
 * @param salesforceId the record's Id as received, when it has one, even if invalid
 */
public record MappingResult(UserRecord user, String salesforceId, String rejectionReason) {

    static MappingResult accepted(UserRecord user) {
        return new MappingResult(user, user.salesforceId(), null);
    }

    static MappingResult rejected(String salesforceId, String reason) {
        return new MappingResult(null, salesforceId, reason);
    }

    public boolean isAccepted() {
        return user != null;
    }
}
