package org.intranet.connector.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.intranet.connector.mapping.SalesforceValues;

/**
 * Records that a run could not apply, with the reason. A record rejected again with the
 * same payload and reason is not stored twice. Rejections of a user are marked resolved
 * when a later run applies a good version of that user.
 */
public final class RejectedRecordRepository {

    private final DataSource dataSource;

    public RejectedRecordRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a rejection on the caller's connection unless an identical open one exists. */
    public void reject(Connection connection, long runId, String salesforceId, String payload, String reason,
            Instant now) throws SQLException {
        String hash = sha256(payload + '\n' + reason);
        try (PreparedStatement existing = connection.prepareStatement(
                "SELECT COUNT(*) FROM rejected_record WHERE payload_hash = ? AND resolved_at IS NULL")) {
            existing.setString(1, hash);
            try (ResultSet rows = existing.executeQuery()) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rejected_record "
                + "(run_id, salesforce_id, payload, payload_hash, reason, rejected_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, runId);
            insert.setString(2, SalesforceValues.printable(salesforceId));
            insert.setString(3, payload);
            insert.setString(4, hash);
            insert.setString(5, SalesforceValues.printable(reason));
            Sql.setTimestamp(insert, 6, now);
            insert.executeUpdate();
        }
    }

    /** Marks the open rejections of these users resolved by the given run. */
    public void resolve(Connection connection, Collection<String> salesforceIds, long runId, Instant now)
            throws SQLException {
        if (salesforceIds.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE rejected_record SET resolved_at = ?, "
                + "resolved_by_run = ? WHERE salesforce_id = ? AND resolved_at IS NULL")) {
            for (String id : salesforceIds) {
                Sql.setTimestamp(update, 1, now);
                update.setLong(2, runId);
                update.setString(3, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Returns the open rejections, oldest first. */
    public List<RejectedRecord> open() {
        return query("SELECT * FROM rejected_record WHERE resolved_at IS NULL ORDER BY id");
    }

    public List<RejectedRecord> all() {
        return query("SELECT * FROM rejected_record ORDER BY id");
    }

    private List<RejectedRecord> query(String sql) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            List<RejectedRecord> records = new ArrayList<>();
            while (rows.next()) {
                long resolvedBy = rows.getLong("resolved_by_run");
                Long resolvedByRun = rows.wasNull() ? null : resolvedBy;
                long run = rows.getLong("run_id");
                Long runId = rows.wasNull() ? null : run;
                records.add(new RejectedRecord(rows.getLong("id"), runId, rows.getString("salesforce_id"),
                        rows.getString("payload"), rows.getString("reason"), Sql.instant(rows, "rejected_at"),
                        Sql.instant(rows, "resolved_at"), resolvedByRun));
            }
            return records;
        } catch (SQLException e) {
            throw new StoreException("Cannot read rejected records: " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
