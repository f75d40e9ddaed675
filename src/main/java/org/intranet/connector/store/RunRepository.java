package org.intranet.connector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.intranet.connector.mapping.SalesforceValues;

/** Run records of the directory sync. */
public final class RunRepository {

    /** Maximum length of the stored error text, the width of {@code sync_run.error}. */
    private static final int MAX_ERROR_LENGTH = 2000;

    private final DataSource dataSource;

    public RunRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the start of a run and returns its id. */
    public long start(String kind, Instant startedAt) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO sync_run (kind, started_at, outcome) VALUES (?, ?, 'RUNNING')",
                     Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, kind);
            Sql.setTimestamp(insert, 2, startedAt);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot record the start of a " + kind + " run: " + e.getMessage(), e);
        }
    }

    /**
     * Adds one committed page's counts to the run, on the caller's connection so that the
     * counts commit with the page.
     */
    public void addCounts(Connection connection, long runId, int fetched, PageCounts counts, int rejected)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE sync_run SET fetched = fetched + ?, "
                + "created = created + ?, updated = updated + ?, unchanged = unchanged + ?, "
                + "deactivated = deactivated + ?, rejected = rejected + ? WHERE id = ?")) {
            update.setInt(1, fetched);
            update.setInt(2, counts.created());
            update.setInt(3, counts.updated());
            update.setInt(4, counts.unchanged());
            update.setInt(5, counts.deactivated());
            update.setInt(6, rejected);
            update.setLong(7, runId);
            update.executeUpdate();
        }
    }

    /** Records the end of a run with its outcome, API call count and error text, if any. */
    public SyncRun finish(long runId, String outcome, int apiCalls, String error, Instant finishedAt) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE sync_run SET outcome = ?, api_calls = ?, error = ?, finished_at = ? WHERE id = ?")) {
            update.setString(1, outcome);
            update.setInt(2, apiCalls);
            String text = SalesforceValues.printable(error);
            update.setString(3, text == null || text.length() <= MAX_ERROR_LENGTH ? text
                    : text.substring(0, MAX_ERROR_LENGTH));
            Sql.setTimestamp(update, 4, finishedAt);
            update.setLong(5, runId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Cannot record the end of run " + runId + ": " + e.getMessage(), e);
        }
        return find(runId).orElseThrow();
    }

    /**
     * Closes runs left RUNNING by a node that stopped mid-run. Call it only while holding the
     * sync lease, when no other run can be in progress; returns how many were closed.
     */
    public int markInterrupted(Instant now) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE sync_run SET outcome = 'INTERRUPTED', "
                     + "finished_at = ?, error = 'the connector stopped before the run finished' "
                     + "WHERE outcome = 'RUNNING'")) {
            Sql.setTimestamp(update, 1, now);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Cannot close interrupted runs: " + e.getMessage(), e);
        }
    }

    public Optional<SyncRun> find(long runId) {
        List<SyncRun> runs = query("SELECT * FROM sync_run WHERE id = " + runId);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /** Returns the newest runs first. */
    public List<SyncRun> latest(int limit) {
        return query("SELECT * FROM sync_run ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY");
    }

    private List<SyncRun> query(String sql) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<SyncRun> runs = new ArrayList<>();
            while (rows.next()) {
                runs.add(new SyncRun(rows.getLong("id"), rows.getString("kind"), Sql.instant(rows, "started_at"),
                        Sql.instant(rows, "finished_at"), rows.getInt("fetched"), rows.getInt("created"),
                        rows.getInt("updated"), rows.getInt("unchanged"), rows.getInt("deactivated"),
                        rows.getInt("rejected"), rows.getInt("api_calls"), rows.getString("outcome"),
                        rows.getString("error")));
            }
            return runs;
        } catch (SQLException e) {
            throw new StoreException("Cannot read sync runs: " + e.getMessage(), e);
        }
    }
}
