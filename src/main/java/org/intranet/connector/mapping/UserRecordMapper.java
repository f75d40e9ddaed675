package org.intranet.connector.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.intranet.connector.store.UserRecord;

/**
 * Turns a Salesforce User record (REST query JSON, or a record assembled from a change event
 * or an assertion) into an intranet user, validating every value. The full import, the
 * incremental sync and login provisioning all go through this one class, so the same
 * Salesforce data gives the same rows whichever way it arrived.
 */
public final class UserRecordMapper {

    /** A single address with no spaces; Salesforce system users have domains without a dot. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}");
    /**
     * Salesforce UserType values of external users: partner and customer portal or community
     * licences, and guests. "Portal" is what login provisioning stores for an assertion with
     * is_portal_user=true until the next sync brings the real value.
     */
    private static final Set<String> EXTERNAL_USER_TYPES = Set.of("PowerPartner", "PowerCustomerSuccess",
            "CustomerSuccess", "CspLitePortal", "SelfService", "Guest", "Portal");

    private static final int MAX_USERNAME = 255;
    private static final int MAX_EMAIL = 255;
    private static final int MAX_NAME = 120;
    private static final int MAX_DISPLAY_NAME = 255;
    private static final int MAX_FEDERATION_ID = 512;
    private static final int MAX_USER_TYPE = 40;
    private static final int DEFAULT_PROFILE_MAX_LENGTH = 255;

    private final ProfileMapping mapping;
    private final Map<String, Integer> maxLengths;

    /** @param maxLengths the longest value each intranet profile field stores, by field name */
    public UserRecordMapper(ProfileMapping mapping, Map<String, Integer> maxLengths) {
        this.mapping = mapping;
        this.maxLengths = Map.copyOf(maxLengths);
    }

    public ProfileMapping mapping() {
        return mapping;
    }

    public MappingResult map(JsonNode record) {
        String rawId = SalesforceValues.text(record, "Id");
        if (rawId == null || rawId.isBlank()) {
            return MappingResult.rejected(null, "missing Id");
        }
        String id = SalesforceIds.to18(rawId);
        if (id == null) {
            return MappingResult.rejected(rawId, "invalid Id '" + rawId + "': expected a 15- or 18-character "
                    + "Salesforce id of letters and digits");
        }
        List<String> problems = new ArrayList<>();
        String username = text(record, "Username", MAX_USERNAME, problems);
        if (username == null) {
            problems.add("missing Username");
        }
        String email = text(record, "Email", MAX_EMAIL, problems);
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.add("invalid Email '" + email + "'");
        }
        String federationId = text(record, "FederationIdentifier", MAX_FEDERATION_ID, problems);
        String firstName = text(record, "FirstName", MAX_NAME, problems);
        String lastName = text(record, "LastName", MAX_NAME, problems);
        String displayName = text(record, "Name", MAX_DISPLAY_NAME, problems);
        String userType = text(record, "UserType", MAX_USER_TYPE, problems);
        Boolean active = bool(record, "IsActive", problems);
        Instant modstamp = dateTime(record, "SystemModstamp", problems);
        Map<String, String> profile = profile(record, problems);

        if (!problems.isEmpty()) {
            return MappingResult.rejected(id, String.join("; ", problems));
        }
        if (displayName == null) {
            displayName = joinNames(firstName, lastName, username);
        }
        return MappingResult.accepted(new UserRecord(id, username, email, federationId, firstName, lastName,
                displayName, userType, active, modstamp, profile));
    }

    /** Returns whether a Salesforce UserType belongs to an external (portal, community or guest) user. */
    public static boolean isExternalUserType(String userType) {
        return userType != null && EXTERNAL_USER_TYPES.contains(userType);
    }

    private Map<String, String> profile(JsonNode record, List<String> problems) {
        Map<String, String> values = new HashMap<>();
        for (FieldMapping field : mapping.fields()) {
            String value;
            try {
                value = applyTransforms(field, record);
            } catch (TransformException e) {
                problems.add("transform failed for " + field.intranetField() + ": " + e.getMessage());
                continue;
            }
            if (value == null || value.isBlank()) {
                continue;
            }
            if (hasControlCharacter(value)) {
                problems.add(field.intranetField() + " contains a control character");
                continue;
            }
            int max = maxLengths.getOrDefault(field.intranetField(), DEFAULT_PROFILE_MAX_LENGTH);
            if (value.length() > max) {
                problems.add(field.intranetField() + " is " + value.length() + " characters long, at most " + max
                        + " are allowed");
                continue;
            }
            values.put(field.intranetField(), value);
        }
        return values;
    }

    private static String applyTransforms(FieldMapping field, JsonNode record) throws TransformException {
        String value;
        List<Transform> transforms = field.transforms();
        int first = 0;
        if (!transforms.isEmpty() && transforms.get(0) instanceof Transform.Join join) {
            List<String> parts = new ArrayList<>();
            for (String source : field.salesforceFields()) {
                parts.add(SalesforceValues.text(record, source));
            }
            value = join.join(parts);
            first = 1;
        } else {
            value = SalesforceValues.text(record, field.salesforceFields().get(0));
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        for (int i = first; i < transforms.size(); i++) {
            value = transforms.get(i).apply(value);
        }
        return value;
    }

    private static String text(JsonNode record, String field, int maxLength, List<String> problems) {
        String value = SalesforceValues.text(record, field);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (hasControlCharacter(value)) {
            problems.add(field + " contains a control character");
            return null;
        }
        if (value.length() > maxLength) {
            problems.add(field + " is " + value.length() + " characters long, at most " + maxLength
                    + " are allowed");
            return null;
        }
        return value;
    }

    /**
     * Returns whether the text has a control character other than tab, line feed and carriage
     * return. PostgreSQL cannot store NUL in text at all, and the others have no place in a
     * directory field.
     */
    static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static Boolean bool(JsonNode record, String field, List<String> problems) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            problems.add("missing " + field);
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual() && ("true".equalsIgnoreCase(node.asText()) || "false".equalsIgnoreCase(node.asText()))) {
            return Boolean.parseBoolean(node.asText());
        }
        problems.add("invalid " + field + " '" + node.asText() + "': expected true or false");
        return null;
    }

    private static Instant dateTime(JsonNode record, String field, List<String> problems) {
        String value = SalesforceValues.text(record, field);
        if (value == null) {
            problems.add("missing " + field);
            return null;
        }
        try {
            return SalesforceValues.parseDateTime(value);
        } catch (IllegalArgumentException e) {
            problems.add("invalid " + field + " '" + value + "': expected a Salesforce datetime");
            return null;
        }
    }

    private static String joinNames(String firstName, String lastName, String username) {
        String joined = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        return joined.isEmpty() ? username : joined;
    }
}
