package org.intranet.connector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Leases that let one connector node at a time run directory syncs against a shared store,
 * and named state values that survive restarts.
 */
public final class SyncLockRepository {

    /** SQLSTATE of a unique or primary key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public SyncLockRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes the lease when it is free, expired or already held by this holder; returns whether it did. */
    public boolean tryAcquire(String name, String holder, Instant now, Duration lease) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE sync_lock SET holder = ?, "
                    + "expires_at = ? WHERE name = ? AND (expires_at < ? OR holder = ?)")) {
                update.setString(1, holder);
                Sql.setTimestamp(update, 2, now.plus(lease));
                update.setString(3, name);
                Sql.setTimestamp(update, 4, now);
                update.setString(5, holder);
                if (update.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sync_lock (name, holder, expires_at) VALUES (?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, holder);
                Sql.setTimestamp(insert, 3, now.plus(lease));
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot take the " + name + " lease: " + e.getMessage(), e);
        }
    }

    /**
     * Extends the lease on the caller's connection, inside the transaction of the work it
     * covers. Throws when the lease was lost, so that work rolls back.
     */
    public void renew(Connection connection, String name, String holder, Instant now, Duration lease)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE sync_lock SET expires_at = ? WHERE name = ? AND holder = ?")) {
            Sql.setTimestamp(update, 1, now.plus(lease));
            update.setString(2, name);
            update.setString(3, holder);
            if (update.executeUpdate() != 1) {
                throw new SQLException("the " + name + " lease of " + holder + " expired and another node took it");
            }
        }
    }

    public void release(String name, String holder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM sync_lock WHERE name = ? AND holder = ?")) {
            delete.setString(1, name);
            delete.setString(2, holder);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Cannot release the " + name + " lease: " + e.getMessage(), e);
        }
    }

    public Optional<String> stateValue(String name) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT state_value FROM connector_state WHERE name = ?")) {
            select.setString(1, name);
            try (var rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read state " + name + ": " + e.getMessage(), e);
        }
    }

    public void saveStateValue(String name, String value, Instant now) {
        try {
            Transactions.run(dataSource, tx -> {
                try (PreparedStatement update = tx.prepareStatement(
                        "UPDATE connector_state SET state_value = ?, updated_at = ? WHERE name = ?")) {
                    update.setString(1, value);
                    Sql.setTimestamp(update, 2, now);
                    update.setString(3, name);
                    if (update.executeUpdate() == 1) {
                        return null;
                    }
                }
                try (PreparedStatement insert = tx.prepareStatement(
                        "INSERT INTO connector_state (name, state_value, updated_at) VALUES (?, ?, ?)")) {
                    insert.setString(1, name);
                    insert.setString(2, value);
                    Sql.setTimestamp(insert, 3, now);
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("Cannot store state " + name + ": " + e.getMessage(), e);
        }
    }
}
