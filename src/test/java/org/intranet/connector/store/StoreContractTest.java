package org.intranet.connector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same store behaviour, run on H2 and on PostgreSQL by the subclasses. */
abstract class StoreContractTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    Database database;
    UserRepository users;
    SyncStateRepository state;
    RunRepository runs;
    RejectedRecordRepository rejected;

    abstract Database open();

    @BeforeEach
    void openStore() {
        database = open();
        users = new UserRepository(database.dataSource());
        state = new SyncStateRepository(database.dataSource());
        runs = new RunRepository(database.dataSource());
        rejected = new RejectedRecordRepository(database.dataSource());
        ProfileFieldRepository fields = new ProfileFieldRepository(database.dataSource());
        fields.applyMapping(List.of(new ProfileField("job_title", "Job title", "salesforce", "Title", true,
                "Change it in Salesforce", 255, 1)));
    }

    @AfterEach
    void closeStore() {
        database.close();
    }

    static UserRecord user(String id, String title, boolean active, Instant modstamp) {
        return new UserRecord(id, id + "@example.com", id + "@example.com", null, "Søren", "Ñúñez",
                "Søren Ñúñez", "Standard", active, modstamp, title == null ? Map.of() : Map.of("job_title", title));
    }

    PageCounts apply(List<UserRecord> records) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            PageCounts counts = users.applyPage(connection, records, NOW);
            connection.commit();
            return counts;
        }
    }

    @Test
    void migrationsAreIdempotent() {
        database.migrate();

        assertEquals(0, users.countUsers());
    }

    @Test
    void pageInsertUpdateUnchangedDeactivate() throws SQLException {
        assertEquals(new PageCounts(3, 0, 0, 0), apply(List.of(
                user("005000000000001AAA", "Engineer", true, T0),
                user("005000000000002AAA", null, true, T0),
                user("005000000000003AAA", "Manager", true, T0))));

        PageCounts second = apply(List.of(
                user("005000000000001AAA", "Engineer", true, T0.plusSeconds(5)),
                user("005000000000002AAA", "Designer", true, T0.plusSeconds(5)),
                user("005000000000003AAA", "Manager", false, T0.plusSeconds(5))));

        assertEquals(new PageCounts(0, 1, 1, 1), second);
        DirectoryUser designer = users.findById("005000000000002AAA").orElseThrow();
        assertEquals(Map.of("job_title", "Designer"), designer.record().profile());
        assertEquals("Søren Ñúñez", designer.record().displayName());
        DirectoryUser leaver = users.findById("005000000000003AAA").orElseThrow();
        assertFalse(leaver.record().active());
        assertEquals(NOW, leaver.deactivatedAt());
        assertEquals(2, users.countActiveUsers());
        assertEquals(3, users.countUsers());
    }

    @Test
    void repeatedPageChangesNothing() throws SQLException {
        List<UserRecord> page = List.of(user("005000000000001AAA", "Engineer", true, T0));
        apply(page);
        Instant firstUpdate = users.findById("005000000000001AAA").orElseThrow().updatedAt();

        assertEquals(new PageCounts(0, 0, 1, 0), apply(page));
        assertEquals(firstUpdate, users.findById("005000000000001AAA").orElseThrow().updatedAt());
    }

    @Test
    void lookupsByUsernameAndFederationId() throws SQLException {
        UserRecord record = new UserRecord("005000000000001AAA", "ada@example.com", "ada@example.com", "E-1001",
                "Ada", "Lovelace", "Ada Lovelace", "Standard", true, T0, Map.of());
        apply(List.of(record));

        assertEquals("005000000000001AAA", users.findByUsername("ada@example.com").orElseThrow().record().salesforceId());
        assertEquals("005000000000001AAA", users.findByFederationId("E-1001").orElseThrow().record().salesforceId());
        assertTrue(users.findByUsername("nobody@example.com").isEmpty());
    }

    @Test
    void largePageUsesChunkedLookups() throws SQLException {
        List<UserRecord> page = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            page.add(user(String.format("005%012dAAA", i), "Title " + i, true, T0));
        }
        assertEquals(new PageCounts(1200, 0, 0, 0), apply(page));
        assertEquals(new PageCounts(0, 0, 1200, 0), apply(page));
    }

    @Test
    void watermarkOnlyMovesForward() throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            state.advance(connection, "s", new Watermark(T0.plusSeconds(10), "005000000000002AAA"), NOW);
            state.advance(connection, "s", new Watermark(T0, "005000000000009AAA"), NOW);
            state.advance(connection, "s", new Watermark(T0.plusSeconds(10), "005000000000001AAA"), NOW);
        }
        Watermark watermark = state.watermark("s").orElseThrow();
        assertEquals(T0.plusSeconds(10), watermark.systemModstamp());
        assertEquals("005000000000002AAA", watermark.lastId());
    }

    @Test
    void watermarkRolledBackWithPage() throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            users.applyPage(connection, List.of(user("005000000000001AAA", "x", true, T0)), NOW);
            state.advance(connection, "s", new Watermark(T0, "005000000000001AAA"), NOW);
            connection.rollback();
        }
        assertTrue(state.watermark("s").isEmpty());
        assertEquals(0, users.countUsers());
    }

    @Test
    void runCountsAndRejections() throws SQLException {
        long runId = runs.start("FULL_IMPORT", T0);
        try (Connection connection = database.dataSource().getConnection()) {
            runs.addCounts(connection, runId, 10, new PageCounts(7, 1, 1, 0), 1);
            rejected.reject(connection, runId, "005000000000001AAA", "{\"Id\":1}", "invalid Email 'x'", NOW);
            rejected.reject(connection, runId, "005000000000001AAA", "{\"Id\":1}", "invalid Email 'x'", NOW);
            rejected.reject(connection, runId, null, "{}", "missing Id", NOW);
        }
        SyncRun run = runs.finish(runId, "SUCCEEDED", 3, null, T0.plusSeconds(2));

        assertEquals(10, run.fetched());
        assertEquals(7, run.created());
        assertEquals(1, run.rejected());
        assertEquals(3, run.apiCalls());
        assertEquals("SUCCEEDED", run.outcome());
        assertEquals(2, run.duration().toSeconds());
        assertEquals(2, rejected.open().size());
        assertNull(rejected.open().get(1).salesforceId());

        long secondRun = runs.start("INCREMENTAL", T0);
        try (Connection connection = database.dataSource().getConnection()) {
            rejected.resolve(connection, List.of("005000000000001AAA"), secondRun, NOW);
        }
        assertEquals(1, rejected.open().size());
        RejectedRecord resolved = rejected.all().get(0);
        assertNotNull(resolved.resolvedAt());
        assertEquals(secondRun, resolved.resolvedByRun());
        assertEquals(secondRun, runs.latest(1).get(0).id());
    }

    @Test
    void mappingMarksFieldsReadOnly() {
        ProfileFieldRepository fields = new ProfileFieldRepository(database.dataSource());
        ProfileField title = fields.all().stream().filter(f -> f.name().equals("job_title")).findFirst().orElseThrow();
        fields.applyMapping(List.of(new ProfileField("job_title", "Role", "salesforce", "Title", true,
                "Change it in Salesforce", title.maxLength(), title.position())));

        ProfileField mapped = fields.all().stream().filter(f -> f.name().equals("job_title")).findFirst().orElseThrow();
        assertEquals("salesforce", mapped.source());
        assertTrue(mapped.readOnly());
        assertEquals("Change it in Salesforce", mapped.helpText());
        assertEquals("Role", mapped.label());
        assertTrue(fields.all().stream().filter(f -> !f.name().equals("job_title"))
                .allMatch(f -> f.source().equals("local") && !f.readOnly()));
    }
}
