package org.intranet.connector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Single sign-on state in the shared database (schema {@code db/migration/V2__single_sign_on.sql}), so that every
 * connector node sees the same outstanding requests, replay cache and sessions. The SQL runs unchanged on H2 and
 * PostgreSQL. Callers pass SHA-256 digests, never the cookie values themselves.
 */
public class SsoStateRepository {

    /** SQLSTATE for a unique or primary key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public SsoStateRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An outstanding AuthnRequest. */
    public record OutstandingRequest(String requestId, String browserBindingHash, Instant expiresAt) {
    }

    /** A stored session. */
    public record SessionRecord(String sessionHash, String salesforceId, String nameId, String sessionIndex,
            Instant createdAt, Instant expiresAt) {
    }

    public void saveAuthnRequest(String requestId, String browserBindingHash, Instant createdAt, Instant expiresAt) {
        execute("INSERT INTO sso_authn_request (request_id, browser_binding_hash, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?)", statement -> {
                    statement.setString(1, requestId);
                    statement.setString(2, browserBindingHash);
                    statement.setObject(3, toTimestamp(createdAt));
                    statement.setObject(4, toTimestamp(expiresAt));
                    return statement.executeUpdate();
                });
    }

    public Optional<OutstandingRequest> findAuthnRequest(String requestId) {
        return execute("SELECT browser_binding_hash, expires_at FROM sso_authn_request WHERE request_id = ?",
                statement -> {
                    statement.setString(1, requestId);
                    try (ResultSet rows = statement.executeQuery()) {
                        if (!rows.next()) {
                            return Optional.empty();
                        }
                        return Optional.of(new OutstandingRequest(requestId, rows.getString(1),
                                toInstant(rows.getObject(2, OffsetDateTime.class))));
                    }
                });
    }

    /**
     * Deletes the request if it belongs to the given browser and has not expired. Returns true only for the one
     * caller whose delete removed the row, so a request can be answered once even with concurrent posts.
     */
    public boolean consumeAuthnRequest(String requestId, String browserBindingHash, Instant now) {
        int deleted = execute("DELETE FROM sso_authn_request WHERE request_id = ? AND browser_binding_hash = ?"
                + " AND expires_at > ?", statement -> {
                    statement.setString(1, requestId);
                    statement.setString(2, browserBindingHash);
                    statement.setObject(3, toTimestamp(now));
                    return statement.executeUpdate();
                });
        return deleted == 1;
    }

    /** Records an accepted assertion ID. Returns false when the ID is already in the cache (a replay). */
    public boolean recordAssertion(String assertionId, Instant acceptedAt, Instant expiresAt) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO sso_assertion_replay (assertion_id, accepted_at, expires_at) VALUES (?, ?, ?)")) {
            statement.setString(1, assertionId);
            statement.setObject(2, toTimestamp(acceptedAt));
            statement.setObject(3, toTimestamp(expiresAt));
            statement.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new StoreException("recording assertion ID in sso_assertion_replay failed", e);
        }
    }

    public void saveSession(SessionRecord session) {
        execute("INSERT INTO sso_session (session_hash, salesforce_id, name_id, session_index, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", statement -> {
                    statement.setString(1, session.sessionHash());
                    statement.setString(2, session.salesforceId());
                    statement.setString(3, session.nameId());
                    statement.setString(4, session.sessionIndex());
                    statement.setObject(5, toTimestamp(session.createdAt()));
                    statement.setObject(6, toTimestamp(session.expiresAt()));
                    return statement.executeUpdate();
                });
    }

    /** Returns the session with this digest if it has not expired at {@code now}. */
    public Optional<SessionRecord> findActiveSession(String sessionHash, Instant now) {
        return execute("SELECT salesforce_id, name_id, session_index, created_at, expires_at FROM sso_session"
                + " WHERE session_hash = ? AND expires_at > ?", statement -> {
                    statement.setString(1, sessionHash);
                    statement.setObject(2, toTimestamp(now));
                    try (ResultSet rows = statement.executeQuery()) {
                        if (!rows.next()) {
                            return Optional.empty();
                        }
                        return Optional.of(new SessionRecord(sessionHash, rows.getString(1), rows.getString(2),
                                rows.getString(3), toInstant(rows.getObject(4, OffsetDateTime.class)),
                                toInstant(rows.getObject(5, OffsetDateTime.class))));
                    }
                });
    }

    public void deleteSession(String sessionHash) {
        execute("DELETE FROM sso_session WHERE session_hash = ?", statement -> {
            statement.setString(1, sessionHash);
            return statement.executeUpdate();
        });
    }

    /** Sets a session's expiry; tests use it to simulate the passing of time. */
    public void updateSessionExpiry(String sessionHash, Instant expiresAt) {
        execute("UPDATE sso_session SET expires_at = ? WHERE session_hash = ?", statement -> {
            statement.setObject(1, toTimestamp(expiresAt));
            statement.setString(2, sessionHash);
            return statement.executeUpdate();
        });
    }

    /** Deletes expired requests, replay entries and sessions; returns the number of rows deleted. */
    public int purgeExpired(Instant now) {
        int total = 0;
        for (String table : new String[] {"sso_authn_request", "sso_assertion_replay", "sso_session"}) {
            total += execute("DELETE FROM " + table + " WHERE expires_at <= ?", statement -> {
                statement.setObject(1, toTimestamp(now));
                return statement.executeUpdate();
            });
        }
        return total;
    }

    private interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T execute(String sql, StatementWork<T> work) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            return work.run(statement);
        } catch (SQLException e) {
            throw new StoreException("single sign-on store query failed (SQLSTATE " + e.getSQLState() + "): "
                    + sql.substring(0, Math.min(sql.length(), 60)), e);
        }
    }

    private static OffsetDateTime toTimestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant toInstant(OffsetDateTime timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
