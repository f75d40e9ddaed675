package org.intranet.connector.simulator;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fields and parent relationships of one simulated sObject type. Lookups ignore case, as SOQL
 * does, and return the canonical API name.
 */
final class SObjectSchema {

    /** SOAP-level field types that decide how SOQL compares values and which literals are accepted. */
    enum FieldType {
        ID("id"), REFERENCE("reference"), STRING("string"), BOOLEAN("boolean"), DATETIME("dateTime"), DATE("date");

        private final String soapName;

        FieldType(String soapName) {
            this.soapName = soapName;
        }

        String soapName() {
            return soapName;
        }
    }

    record Field(String name, FieldType type) {
    }

    /** A parent relationship such as User.Manager, reached through the lookup field {@code idField}. */
    record Relationship(String name, String idField, String targetType) {
    }

    static final SObjectSchema PROFILE = new SObjectSchema("Profile", "00e",
            List.of(new Field("Id", FieldType.ID), new Field("Name", FieldType.STRING)),
            List.of());

    /** The User fields the simulator stores, in the order that describe and full-record reads use. */
    static final SObjectSchema USER = new SObjectSchema("User", "005", List.of(
            new Field("Id", FieldType.ID),
            new Field("Username", FieldType.STRING),
            new Field("LastName", FieldType.STRING),
            new Field("FirstName", FieldType.STRING),
            new Field("Name", FieldType.STRING),
            new Field("CompanyName", FieldType.STRING),
            new Field("Division", FieldType.STRING),
            new Field("Department", FieldType.STRING),
            new Field("Title", FieldType.STRING),
            new Field("Street", FieldType.STRING),
            new Field("City", FieldType.STRING),
            new Field("State", FieldType.STRING),
            new Field("PostalCode", FieldType.STRING),
            new Field("Country", FieldType.STRING),
            new Field("Email", FieldType.STRING),
            new Field("Phone", FieldType.STRING),
            new Field("MobilePhone", FieldType.STRING),
            new Field("IsActive", FieldType.BOOLEAN),
            new Field("TimeZoneSidKey", FieldType.STRING),
            new Field("LanguageLocaleKey", FieldType.STRING),
            new Field("ProfileId", FieldType.REFERENCE),
            new Field("UserType", FieldType.STRING),
            new Field("EmployeeNumber", FieldType.STRING),
            new Field("ManagerId", FieldType.REFERENCE),
            new Field("CreatedDate", FieldType.DATETIME),
            new Field("LastModifiedDate", FieldType.DATETIME),
            new Field("SystemModstamp", FieldType.DATETIME),
            new Field("FederationIdentifier", FieldType.STRING),
            new Field("AboutMe", FieldType.STRING)),
            List.of(new Relationship("Manager", "ManagerId", "User"),
                    new Relationship("Profile", "ProfileId", "Profile")));

    private final String name;
    private final String keyPrefix;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, Relationship> relationships = new LinkedHashMap<>();

    private SObjectSchema(String name, String keyPrefix, List<Field> fieldList, List<Relationship> relationshipList) {
        this.name = name;
        this.keyPrefix = keyPrefix;
        for (Field field : fieldList) {
            fields.put(field.name().toLowerCase(Locale.ROOT), field);
        }
        for (Relationship relationship : relationshipList) {
            relationships.put(relationship.name().toLowerCase(Locale.ROOT), relationship);
        }
    }

    static Optional<SObjectSchema> forType(String typeName) {
        if (USER.name.equalsIgnoreCase(typeName)) {
            return Optional.of(USER);
        }
        if (PROFILE.name.equalsIgnoreCase(typeName)) {
            return Optional.of(PROFILE);
        }
        return Optional.empty();
    }

    String name() {
        return name;
    }

    String keyPrefix() {
        return keyPrefix;
    }

    Optional<Field> field(String fieldName) {
        return Optional.ofNullable(fields.get(fieldName.toLowerCase(Locale.ROOT)));
    }

    Optional<Relationship> relationship(String relationshipName) {
        return Optional.ofNullable(relationships.get(relationshipName.toLowerCase(Locale.ROOT)));
    }

    Collection<Field> fields() {
        return fields.values();
    }
}
