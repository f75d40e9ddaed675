package org.intranet.connector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * Reads and writes intranet users and their profile values. Users are never deleted: a
 * user deactivated in Salesforce keeps its row with {@code active = false}.
 */
public final class UserRepository {

    /** Ids per {@code IN (...)} lookup, well under the bind-parameter limits of H2 and PostgreSQL. */
    private static final int LOOKUP_CHUNK = 500;

    private static final String USER_COLUMNS = "salesforce_id, username, email, federation_id, first_name, "
            + "last_name, display_name, user_type, active, sf_system_modstamp, created_at, updated_at, deactivated_at";

    private final DataSource dataSource;

    public UserRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts new users, updates changed ones and leaves identical ones untouched, with
     * batched statements on the caller's connection. The caller owns the transaction.
     */
    public PageCounts applyPage(Connection connection, List<UserRecord> records, Instant now) throws SQLException {
        Map<String, UserRecord> latest = new LinkedHashMap<>();
        for (UserRecord record : records) {
            latest.put(record.salesforceId(), record);
        }
        Map<String, DirectoryUser> existing = findByIds(connection, latest.keySet());

        List<UserRecord> inserts = new ArrayList<>();
        List<UserRecord> updates = new ArrayList<>();
        List<UserRecord> touches = new ArrayList<>();
        int unchanged = 0;
        int deactivated = 0;
        for (UserRecord record : latest.values()) {
            DirectoryUser stored = existing.get(record.salesforceId());
            if (stored == null) {
                inserts.add(record);
            } else if (stored.record().sameContentAs(record)) {
                unchanged++;
                if (!stored.record().systemModstamp().equals(record.systemModstamp())) {
                    touches.add(record);
                }
            } else {
                updates.add(record);
                if (stored.record().active() && !record.active()) {
                    deactivated++;
                }
            }
        }

        insertUsers(connection, inserts, now);
        updateUsers(connection, updates, existing, now);
        touchModstamps(connection, touches);
        List<UserRecord> profileChanges = new ArrayList<>(inserts);
        for (UserRecord record : updates) {
            if (!record.profile().equals(existing.get(record.salesforceId()).record().profile())) {
                profileChanges.add(record);
            }
        }
        replaceProfiles(connection, profileChanges, existing.keySet());
        return new PageCounts(inserts.size(), updates.size() - deactivated, unchanged, deactivated);
    }

    private static void insertUsers(Connection connection, List<UserRecord> inserts, Instant now)
            throws SQLException {
        if (inserts.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO directory_user (" + USER_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (UserRecord record : inserts) {
                insert.setString(1, record.salesforceId());
                bindUserFields(insert, record, 2);
                Sql.setTimestamp(insert, 10, record.systemModstamp());
                Sql.setTimestamp(insert, 11, now);
                Sql.setTimestamp(insert, 12, now);
                Sql.setTimestamp(insert, 13, record.active() ? null : now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void updateUsers(Connection connection, List<UserRecord> updates,
            Map<String, DirectoryUser> existing, Instant now) throws SQLException {
        if (updates.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE directory_user SET username = ?, "
                + "email = ?, federation_id = ?, first_name = ?, last_name = ?, display_name = ?, user_type = ?, "
                + "active = ?, sf_system_modstamp = ?, updated_at = ?, deactivated_at = ? WHERE salesforce_id = ?")) {
            for (UserRecord record : updates) {
                DirectoryUser stored = existing.get(record.salesforceId());
                Instant deactivatedAt = record.active() ? null
                        : stored.deactivatedAt() != null ? stored.deactivatedAt() : now;
                bindUserFields(update, record, 1);
                Sql.setTimestamp(update, 9, record.systemModstamp());
                Sql.setTimestamp(update, 10, now);
                Sql.setTimestamp(update, 11, deactivatedAt);
                update.setString(12, record.salesforceId());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Records a newer SystemModstamp for users whose content did not change, without touching updated_at. */
    private static void touchModstamps(Connection connection, List<UserRecord> touches) throws SQLException {
        if (touches.isEmpty()) {
            return;
        }
        try (PreparedStatement touch = connection.prepareStatement(
                "UPDATE directory_user SET sf_system_modstamp = ? WHERE salesforce_id = ?")) {
            for (UserRecord record : touches) {
                Sql.setTimestamp(touch, 1, record.systemModstamp());
                touch.setString(2, record.salesforceId());
                touch.addBatch();
            }
            touch.executeBatch();
        }
    }

    private static void replaceProfiles(Connection connection, List<UserRecord> records, Set<String> existingIds)
            throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM profile_value WHERE salesforce_id = ? AND field_name IN "
                        + "(SELECT name FROM profile_field WHERE source = 'salesforce')");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO profile_value (salesforce_id, field_name, field_value) VALUES (?, ?, ?)")) {
            boolean anyDelete = false;
            boolean anyInsert = false;
            for (UserRecord record : records) {
                if (existingIds.contains(record.salesforceId())) {
                    delete.setString(1, record.salesforceId());
                    delete.addBatch();
                    anyDelete = true;
                }
                for (Map.Entry<String, String> value : new TreeMap<>(record.profile()).entrySet()) {
                    insert.setString(1, record.salesforceId());
                    insert.setString(2, value.getKey());
                    insert.setString(3, value.getValue());
                    insert.addBatch();
                    anyInsert = true;
                }
            }
            if (anyDelete) {
                delete.executeBatch();
            }
            if (anyInsert) {
                insert.executeBatch();
            }
        }
    }

    /** Binds the eight columns after the key, from username to active, starting at {@code first}. */
    private static void bindUserFields(PreparedStatement statement, UserRecord record, int first)
            throws SQLException {
        statement.setString(first, record.username());
        statement.setString(first + 1, record.email());
        statement.setString(first + 2, record.federationId());
        statement.setString(first + 3, record.firstName());
        statement.setString(first + 4, record.lastName());
        statement.setString(first + 5, record.displayName());
        statement.setString(first + 6, record.userType());
        statement.setBoolean(first + 7, record.active());
    }

    /**
     * Deactivates the given users that are still active, leaving their other fields as they
     * are; returns how many changed. Used when Salesforce reports a user inactive in a record
     * that is otherwise rejected, so that a leaver never keeps access over a bad field.
     */
    public int deactivate(Connection connection, Collection<String> ids, Instant now) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        int changed = 0;
        try (PreparedStatement update = connection.prepareStatement("UPDATE directory_user SET active = FALSE, "
                + "deactivated_at = ?, updated_at = ? WHERE salesforce_id = ? AND active = TRUE")) {
            for (String id : ids) {
                Sql.setTimestamp(update, 1, now);
                Sql.setTimestamp(update, 2, now);
                update.setString(3, id);
                update.addBatch();
            }
            for (int count : update.executeBatch()) {
                changed += Math.max(count, 0);
            }
        }
        return changed;
    }

    /** Loads the stored users among the given ids, with their profile values. */
    public Map<String, DirectoryUser> findByIds(Connection connection, Collection<String> ids) throws SQLException {
        Map<String, DirectoryUser> found = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int start = 0; start < all.size(); start += LOOKUP_CHUNK) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + LOOKUP_CHUNK));
            String placeholders = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            Map<String, Map<String, String>> profiles = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT v.salesforce_id, v.field_name, "
                    + "v.field_value FROM profile_value v JOIN profile_field f ON f.name = v.field_name "
                    + "WHERE f.source = 'salesforce' AND v.salesforce_id IN (" + placeholders + ")")) {
                bindAll(select, chunk);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        profiles.computeIfAbsent(rows.getString(1), id -> new HashMap<>())
                                .put(rows.getString(2), rows.getString(3));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + USER_COLUMNS + " FROM directory_user WHERE salesforce_id IN (" + placeholders + ")")) {
                bindAll(select, chunk);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        DirectoryUser user = readUser(rows, profiles.getOrDefault(rows.getString(1), Map.of()));
                        found.put(user.record().salesforceId(), user);
                    }
                }
            }
        }
        return found;
    }

    private static void bindAll(PreparedStatement statement, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setString(i + 1, values.get(i));
        }
    }

    private static DirectoryUser readUser(ResultSet rows, Map<String, String> profile) throws SQLException {
        UserRecord record = new UserRecord(rows.getString("salesforce_id"), rows.getString("username"),
                rows.getString("email"), rows.getString("federation_id"), rows.getString("first_name"),
                rows.getString("last_name"), rows.getString("display_name"), rows.getString("user_type"),
                rows.getBoolean("active"), Sql.instant(rows, "sf_system_modstamp"), profile);
        return new DirectoryUser(record, Sql.instant(rows, "created_at"), Sql.instant(rows, "updated_at"),
                Sql.instant(rows, "deactivated_at"));
    }

    public Optional<DirectoryUser> findById(String salesforceId) {
        try (Connection connection = dataSource.getConnection()) {
            return Optional.ofNullable(findByIds(connection, List.of(salesforceId)).get(salesforceId));
        } catch (SQLException e) {
            throw new StoreException("Cannot read user " + salesforceId + ": " + e.getMessage(), e);
        }
    }

    public Optional<DirectoryUser> findByUsername(String username) {
        return findOneBy("username", username);
    }

    public Optional<DirectoryUser> findByFederationId(String federationId) {
        return findOneBy("federation_id", federationId);
    }

    private Optional<DirectoryUser> findOneBy(String column, String value) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT salesforce_id FROM directory_user WHERE " + column + " = ? ORDER BY salesforce_id")) {
            select.setString(1, value);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            if (ids.size() != 1) {
                // None, or ambiguous: an identifier shared by two users must not pick one of them.
                return Optional.empty();
            }
            return Optional.ofNullable(findByIds(connection, ids).get(ids.get(0)));
        } catch (SQLException e) {
            throw new StoreException("Cannot look up a user by " + column + ": " + e.getMessage(), e);
        }
    }

    public long countUsers() {
        return count("SELECT COUNT(*) FROM directory_user");
    }

    public long countActiveUsers() {
        return count("SELECT COUNT(*) FROM directory_user WHERE active = TRUE");
    }

    /** Returns which of the given ids belong to stored users that are still active. */
    public Set<String> activeAmong(Collection<String> ids) {
        try (Connection connection = dataSource.getConnection()) {
            Set<String> active = new java.util.HashSet<>();
            for (DirectoryUser user : findByIds(connection, ids).values()) {
                if (user.record().active()) {
                    active.add(user.record().salesforceId());
                }
            }
            return active;
        } catch (SQLException e) {
            throw new StoreException("Cannot read active users: " + e.getMessage(), e);
        }
    }

    private long count(String sql) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("Cannot count users: " + e.getMessage(), e);
        }
    }
}
