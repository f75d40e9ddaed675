package org.intranet.connector.saml;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.intranet.connector.mapping.SalesforceIds;

/**
 * Source of the login identifier (the NameID or one assertion attribute) and the directory field it matches.
 *
 * <p>Setting syntax ({@code saml.user-identifier}):
 * <ul>
 * <li>{@code nameid} or {@code nameid:username}: the NameID is the Salesforce username (connected app Subject Type
 * "Username", the default);</li>
 * <li>{@code nameid:federationId} or {@code nameid:userId}: the NameID is the Federation ID or the user id;</li>
 * <li>{@code attribute:NAME[:FIELD]}: the single value of attribute NAME matched against FIELD, one of
 * {@code username}, {@code federationId} or {@code userId}. FIELD may be left out when NAME is itself one of these,
 * as in {@code attribute:userId}.</li>
 * </ul>
 */
public record UserIdentifier(String attributeName, Field field) {

    /** The directory field that the identifier is matched against. */
    public enum Field {
        USERNAME("username"), FEDERATION_ID("federationId"), USER_ID("userId");

        private final String settingName;

        Field(String settingName) {
            this.settingName = settingName;
        }

        static Optional<Field> fromSettingName(String name) {
            for (Field field : values()) {
                if (field.settingName.equalsIgnoreCase(name)) {
                    return Optional.of(field);
                }
            }
            return Optional.empty();
        }

        public String settingName() {
            return settingName;
        }
    }

    /** The NameID matched against the username. */
    public static final UserIdentifier DEFAULT = new UserIdentifier(null, Field.USERNAME);

    /** Parses the setting value; throws IllegalArgumentException with the accepted syntax when it is invalid. */
    public static UserIdentifier parse(String value) {
        String[] parts = value.strip().split(":", -1);
        String source = parts[0].toLowerCase(Locale.ROOT);
        if (source.equals("nameid") && parts.length <= 2) {
            if (parts.length == 1) {
                return DEFAULT;
            }
            return new UserIdentifier(null, fieldOrThrow(parts[1], value));
        }
        if (source.equals("attribute") && parts.length >= 2 && parts.length <= 3 && !parts[1].isBlank()) {
            String name = parts[1];
            String fieldName = parts.length == 3 ? parts[2] : name;
            return new UserIdentifier(name, fieldOrThrow(fieldName, value));
        }
        throw new IllegalArgumentException(syntaxHelp(value));
    }

    private static Field fieldOrThrow(String name, String value) {
        return Field.fromSettingName(name).orElseThrow(() -> new IllegalArgumentException(syntaxHelp(value)));
    }

    private static String syntaxHelp(String value) {
        return "'" + value + "' is not a valid user identifier. Use nameid, nameid:FIELD or attribute:NAME[:FIELD],"
                + " where FIELD is username, federationId or userId (for example attribute:userId).";
    }

    /** Returns the identifier from the NameID text or the attribute, or empty when absent, blank or ambiguous. */
    public Optional<String> extract(String nameId, Map<String, List<String>> attributes) {
        if (attributeName == null) {
            return Optional.ofNullable(nameId).map(String::strip).filter(text -> !text.isEmpty());
        }
        List<String> values = attributes.getOrDefault(attributeName, List.of());
        if (values.size() != 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(values.get(0)).map(String::strip).filter(text -> !text.isEmpty());
    }

    /** Looks the identifier up in the directory through the configured field. */
    public Optional<LoginUser> lookUp(UserDirectory directory, String identifier) {
        return switch (field) {
            case USERNAME -> directory.findByUsername(identifier);
            case FEDERATION_ID -> directory.findByFederationId(identifier);
            case USER_ID -> Optional.ofNullable(SalesforceIds.to18(identifier)).flatMap(directory::findBySalesforceId);
        };
    }

    @Override
    public String toString() {
        return (attributeName == null ? "nameid" : "attribute:" + attributeName) + ":" + field.settingName();
    }
}
