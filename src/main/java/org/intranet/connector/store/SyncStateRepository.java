package org.intranet.connector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

/** Watermarks of the sync streams. A watermark only moves forward. */
public final class SyncStateRepository {

    /** The stream of User records that the full import and the daily sync share. */
    public static final String DIRECTORY_USERS = "directory-users";

    private final DataSource dataSource;

    public SyncStateRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Watermark> watermark(String stream) {
        try (Connection connection = dataSource.getConnection()) {
            return watermark(connection, stream);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the watermark of " + stream + ": " + e.getMessage(), e);
        }
    }

    public Optional<Watermark> watermark(Connection connection, String stream) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT watermark, last_id FROM sync_state WHERE name = ?")) {
            select.setString(1, stream);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Instant watermark = Sql.instant(rows, "watermark");
                return watermark == null ? Optional.empty()
                        : Optional.of(new Watermark(watermark, rows.getString("last_id")));
            }
        }
    }

    /**
     * Moves the watermark to {@code candidate} on the caller's connection, inside the
     * transaction that commits the data it covers. An older candidate leaves it unchanged.
     */
    public void advance(Connection connection, String stream, Watermark candidate, Instant now) throws SQLException {
        Optional<Watermark> current = watermark(connection, stream);
        if (current.isPresent() && isNewer(current.get(), candidate)) {
            return;
        }
        int updated;
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE sync_state SET watermark = ?, last_id = ?, updated_at = ? WHERE name = ?")) {
            Sql.setTimestamp(update, 1, candidate.systemModstamp());
            update.setString(2, candidate.lastId());
            Sql.setTimestamp(update, 3, now);
            update.setString(4, stream);
            updated = update.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sync_state (name, watermark, last_id, updated_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, stream);
                Sql.setTimestamp(insert, 2, candidate.systemModstamp());
                insert.setString(3, candidate.lastId());
                Sql.setTimestamp(insert, 4, now);
                insert.executeUpdate();
            }
        }
    }

    /** Returns whether {@code current} is strictly past {@code candidate} in (SystemModstamp, Id) order. */
    private static boolean isNewer(Watermark current, Watermark candidate) {
        int byTime = current.systemModstamp().compareTo(candidate.systemModstamp());
        if (byTime != 0) {
            return byTime > 0;
        }
        String currentId = current.lastId() == null ? "" : current.lastId();
        String candidateId = candidate.lastId() == null ? "" : candidate.lastId();
        return currentId.compareTo(candidateId) > 0;
    }
}
