package org.intranet.connector.sync;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.intranet.connector.mapping.FieldMapping;
import org.intranet.connector.mapping.MappingResult;
import org.intranet.connector.mapping.SalesforceIds;
import org.intranet.connector.mapping.UserRecordMapper;
import org.intranet.connector.saml.LoginUser;
import org.intranet.connector.saml.ProvisionResult;
import org.intranet.connector.saml.UserDirectory;
import org.intranet.connector.store.DirectoryUser;
import org.intranet.connector.store.StoreException;
import org.intranet.connector.store.Transactions;
import org.intranet.connector.store.UserRecord;
import org.intranet.connector.store.UserRepository;

/**
 * The intranet store as the user directory of single sign-on. Login provisioning turns the assertion's
 * attributes into a Salesforce-shaped User record and sends it through the same
 * {@link UserRecordMapper} and the same page write as the directory sync, so a user created
 * at login gets the rows the import would give it.
 *
 * <p>Attributes are read under the names Salesforce sends (userId, username, email,
 * is_portal_user) and under User field API names for custom attributes: the names, the
 * federation id and the fields the mapping reads (Title, Manager.Name...). A profile field whose source attributes are
 * absent keeps its stored value, and provisioning never changes a user's active flag.
 */
public final class DirectoryUserDirectory implements UserDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Salesforce's standard SAML attribute names and the User fields they carry. */
    private static final Map<String, String> STANDARD_ATTRIBUTES = Map.of(
            "userId", "Id", "username", "Username", "email", "Email");
    private static final Set<String> NAME_FIELDS = Set.of("FirstName", "LastName", "Name", "FederationIdentifier");

    private final DataSource dataSource;
    private final UserRepository users;
    private final UserRecordMapper mapper;
    private final Clock clock;
    /** User fields taken from same-named assertion attributes: the names and the mapped source fields. */
    private final Set<String> acceptedFields;

    public DirectoryUserDirectory(DataSource dataSource, UserRecordMapper mapper, Clock clock) {
        this.dataSource = dataSource;
        this.users = new UserRepository(dataSource);
        this.mapper = mapper;
        this.clock = clock;
        Set<String> fields = new HashSet<>(NAME_FIELDS);
        mapper.mapping().fields().forEach(field -> fields.addAll(field.salesforceFields()));
        this.acceptedFields = Set.copyOf(fields);
    }

    @Override
    public Optional<LoginUser> findBySalesforceId(String salesforceId) {
        String id = SalesforceIds.to18(salesforceId);
        return id == null ? Optional.empty() : users.findById(id).map(DirectoryUserDirectory::toLoginUser);
    }

    @Override
    public Optional<LoginUser> findByUsername(String username) {
        return users.findByUsername(username).map(DirectoryUserDirectory::toLoginUser);
    }

    @Override
    public Optional<LoginUser> findByFederationId(String federationId) {
        return users.findByFederationId(federationId).map(DirectoryUserDirectory::toLoginUser);
    }

    @Override
    public ProvisionResult provision(Map<String, List<String>> attributes, boolean createIfMissing) {
        String id = SalesforceIds.to18(first(attributes, "userId"));
        if (id == null) {
            return rejected("the assertion has no valid userId attribute");
        }
        Optional<DirectoryUser> stored = users.findById(id);
        if (stored.isEmpty() && !createIfMissing) {
            return rejected("user " + id + " has not been imported and just-in-time provisioning is off");
        }
        ObjectNode record = stored.map(DirectoryUserDirectory::asSalesforceRecord).orElseGet(() -> newRecord(id));
        overlayAttributes(record, attributes);
        record.put("Id", id);

        MappingResult result = mapper.map(record);
        if (!result.isAccepted()) {
            return rejected(result.rejectionReason());
        }
        UserRecord user = keepProfileFieldsWithoutAttributes(result.user(), stored, attributes);
        try {
            Transactions.run(dataSource, connection -> users.applyPage(connection, List.of(user), clock.instant()));
        } catch (SQLException e) {
            throw new StoreException("Cannot store user " + id + " from a login: " + e.getMessage(), e);
        }
        return new ProvisionResult(users.findById(id).map(DirectoryUserDirectory::toLoginUser), null);
    }

    private ObjectNode newRecord(String id) {
        ObjectNode record = JSON.createObjectNode();
        record.put("Id", id);
        // Salesforce issues assertions to active users only. The next sync replaces the
        // timestamp and the user type with Salesforce's own values.
        record.put("IsActive", true);
        record.put("SystemModstamp", clock.instant().toString());
        return record;
    }

    private static ObjectNode asSalesforceRecord(DirectoryUser stored) {
        UserRecord user = stored.record();
        ObjectNode record = JSON.createObjectNode();
        record.put("Id", user.salesforceId());
        record.put("Username", user.username());
        record.put("Email", user.email());
        record.put("FederationIdentifier", user.federationId());
        record.put("FirstName", user.firstName());
        record.put("LastName", user.lastName());
        record.put("Name", user.displayName());
        record.put("UserType", user.userType());
        record.put("IsActive", user.active());
        record.put("SystemModstamp", user.systemModstamp().toString());
        return record;
    }

    /**
     * Copies the attributes the directory takes from an assertion into the record: the standard
     * ones, the user's names and federation id, and the mapped source fields. Any other
     * attribute is ignored, so an assertion cannot set the user type, the active flag or a
     * field the mapping does not read.
     */
    private void overlayAttributes(ObjectNode record, Map<String, List<String>> attributes) {
        for (Map.Entry<String, List<String>> attribute : attributes.entrySet()) {
            String value = attribute.getValue() == null || attribute.getValue().isEmpty() ? null
                    : attribute.getValue().get(0);
            if (attribute.getKey().equals("is_portal_user")) {
                if (!record.hasNonNull("UserType") || "Standard".equals(record.path("UserType").asText())) {
                    record.put("UserType", "true".equalsIgnoreCase(value) ? "Portal" : "Standard");
                }
                continue;
            }
            String field = STANDARD_ATTRIBUTES.get(attribute.getKey());
            if (field == null && acceptedFields.contains(attribute.getKey())) {
                field = attribute.getKey();
            }
            if (field != null && !field.equals("Id")) {
                putPath(record, field, value);
            }
        }
    }

    /** Sets a value at a field path, creating nested relationship objects such as {@code Manager} on the way. */
    private static void putPath(ObjectNode record, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = record;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(node.get(parts[i]) instanceof ObjectNode)) {
                node.putObject(parts[i]);
            }
            node = (ObjectNode) node.get(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
    }

    private UserRecord keepProfileFieldsWithoutAttributes(UserRecord mapped, Optional<DirectoryUser> stored,
            Map<String, List<String>> attributes) {
        if (stored.isEmpty()) {
            return mapped;
        }
        Map<String, String> profile = new HashMap<>(mapped.profile());
        for (FieldMapping field : mapper.mapping().fields()) {
            boolean carried = field.salesforceFields().stream().anyMatch(attributes::containsKey);
            if (!carried) {
                String kept = stored.get().record().profile().get(field.intranetField());
                if (kept == null) {
                    profile.remove(field.intranetField());
                } else {
                    profile.put(field.intranetField(), kept);
                }
            }
        }
        return new UserRecord(mapped.salesforceId(), mapped.username(), mapped.email(), mapped.federationId(),
                mapped.firstName(), mapped.lastName(), mapped.displayName(), mapped.userType(),
                stored.get().record().active(), stored.get().record().systemModstamp(), profile);
    }

    private static String first(Map<String, List<String>> attributes, String name) {
        List<String> values = attributes.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ProvisionResult rejected(String reason) {
        return new ProvisionResult(Optional.empty(), reason);
    }

    private static LoginUser toLoginUser(DirectoryUser user) {
        UserRecord record = user.record();
        return new LoginUser(record.salesforceId(), record.username(), record.displayName(), record.active(),
                UserRecordMapper.isExternalUserType(record.userType()));
    }
}
