package org.intranet.connector.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An intranet user as mapped from one Salesforce User record.
 *
 * @param salesforceId the 18-character Salesforce User Id, the only key users are matched on
 * @param systemModstamp Salesforce's SystemModstamp, in UTC
 * @param profile mapped profile values by intranet field name; a field without a value is absent
 */
public record UserRecord(
        String salesforceId,
        String username,
        String email,
        String federationId,
        String firstName,
        String lastName,
        String displayName,
        String userType,
        boolean active,
        Instant systemModstamp,
        Map<String, String> profile) {

    public UserRecord {
        Objects.requireNonNull(salesforceId, "salesforceId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(systemModstamp, "systemModstamp");
        profile = Map.copyOf(profile);
    }

    /** Returns whether the stored fields differ, ignoring SystemModstamp, which moves on every Salesforce save. */
    public boolean sameContentAs(UserRecord other) {
        return Objects.equals(username, other.username)
                && Objects.equals(email, other.email)
                && Objects.equals(federationId, other.federationId)
                && Objects.equals(firstName, other.firstName)
                && Objects.equals(lastName, other.lastName)
                && Objects.equals(displayName, other.displayName)
                && Objects.equals(userType, other.userType)
                && active == other.active
                && profile.equals(other.profile);
    }
}
