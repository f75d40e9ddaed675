package org.intranet.connector.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The validated contents of a mapping file. */
public record ProfileMapping(String source, List<FieldMapping> fields) {

    /** Most profile fields a mapping may fill. */
    public static final int MAX_FIELDS = 7;

    /** User fields the connector always reads, whatever the mapping contains. */
    public static final List<String> CORE_FIELDS = List.of("Id", "Username", "Email", "FederationIdentifier",
            "FirstName", "LastName", "Name", "UserType", "IsActive", "SystemModstamp");

    public ProfileMapping {
        fields = List.copyOf(fields);
    }

    /**
     * Returns a digest of what decides the stored values: the source fields, targets and
     * transforms of each entry. Labels and help text are left out, because they change no value.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder();
        for (FieldMapping field : fields) {
            text.append(field.salesforceFields()).append("->").append(field.intranetField()).append(':');
            for (Transform transform : field.transforms()) {
                text.append(transform instanceof Transform.DateFormat date ? "date(" + date.pattern() + ")"
                        : transform.toString());
            }
            text.append('\n');
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Returns the SOQL select list: the core fields, then every mapped source field once. */
    public List<String> selectFields() {
        Set<String> fields = new LinkedHashSet<>(CORE_FIELDS);
        for (FieldMapping mapping : this.fields) {
            fields.addAll(mapping.salesforceFields());
        }
        return new ArrayList<>(fields);
    }

    /** Returns the SOQL for User records, with an optional WHERE clause, ordered for watermarking. */
    public String userQuery(String where) {
        StringBuilder soql = new StringBuilder("SELECT ").append(String.join(", ", selectFields()))
                .append(" FROM User");
        if (where != null && !where.isBlank()) {
            soql.append(" WHERE ").append(where);
        }
        return soql.append(" ORDER BY SystemModstamp ASC, Id ASC").toString();
    }
}
