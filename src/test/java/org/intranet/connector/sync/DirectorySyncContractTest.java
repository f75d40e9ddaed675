package org.intranet.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.intranet.connector.mapping.SalesforceValues;
import org.intranet.connector.simulator.SalesforceSimulator;
import org.intranet.connector.simulator.SimulatedOrg;
import org.intranet.connector.store.DirectoryUser;
import org.intranet.connector.store.RejectedRecordRepository;
import org.intranet.connector.store.RunRepository;
import org.intranet.connector.store.SyncRun;
import org.intranet.connector.store.SyncStateRepository;
import org.intranet.connector.store.UserRepository;
import org.intranet.connector.store.Watermark;
import org.intranet.connector.support.ConnectorHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory import and incremental sync, end to end: the YAML routes, the real
 * camel-salesforce client and the Salesforce simulator over HTTP, and a real store. The
 * subclasses run it on H2 and on PostgreSQL.
 */
abstract class DirectorySyncContractTest {

    static final int ORG_SIZE = 420;
    static final int BATCH_SIZE = 50;

    SalesforceSimulator simulator;
    ConnectorHarness connector;
    UserRepository users;
    SyncStateRepository state;
    RejectedRecordRepository rejected;

    abstract String jdbcUrl();

    @BeforeEach
    void start() throws Exception {
        simulator = SalesforceSimulator.start(SimulatedOrg.generate(42, ORG_SIZE));
        connector = ConnectorHarness.start(connectorProperties());
        users = connector.bean("userRepository", UserRepository.class);
        state = connector.bean("syncStateRepository", SyncStateRepository.class);
        rejected = connector.bean("rejectedRecordRepository", RejectedRecordRepository.class);
    }

    /** Properties for a connector on a new database of this subclass's store, with small pages. */
    Map<String, String> connectorProperties() {
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        String url = jdbcUrl();
        properties.put("store.jdbc-url", url);
        if (url.startsWith("jdbc:postgresql:")) {
            properties.put("store.user", "postgres");
            properties.put("store.password", "postgres");
        }
        properties.put("sync.batch-size", String.valueOf(BATCH_SIZE));
        properties.put("sync.deactivation-guard.max-share", "0.2");
        properties.put("sync.deactivation-guard.always-allowed", "5");
        return properties;
    }

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.close();
        }
        simulator.close();
    }

    SyncRun fullImport() {
        return connector.request("direct:full-import", SyncRun.class);
    }

    SyncRun incrementalSync() {
        return connector.request("direct:incremental-sync", SyncRun.class);
    }

    static int pages(int records) {
        return (records + BATCH_SIZE - 1) / BATCH_SIZE;
    }

    /** Returns a user from the middle of the org that has a manager and a title. */
    ObjectNode managedUser() {
        return simulator.org().users().stream()
                .filter(u -> !u.path("ManagerId").isNull() && u.path("IsActive").asBoolean()
                        && !u.path("Title").isNull())
                .skip(10).findFirst().orElseThrow();
    }

    @Test
    void fullImportCopiesWholeOrg() {
        SyncRun run = fullImport();

        assertEquals("SUCCEEDED", run.outcome(), run.error());
        assertEquals(ORG_SIZE, run.fetched());
        assertEquals(ORG_SIZE, run.created() + run.rejected());
        assertEquals(0, run.rejected(), "the generated org has no invalid users");
        assertEquals(pages(ORG_SIZE), run.apiCalls(), "one query plus one queryMore per further page");
        assertEquals(ORG_SIZE, users.countUsers());
        assertEquals(simulator.org().activeCount(), users.countActiveUsers());

        ObjectNode source = managedUser();
        DirectoryUser stored = users.findById(source.get("Id").asText()).orElseThrow();
        ObjectNode manager = simulator.org().user(source.get("ManagerId").asText()).orElseThrow();
        assertEquals(source.get("Username").asText(), stored.record().username());
        assertEquals(source.get("Title").asText().strip(), stored.record().profile().get("job_title"));
        assertEquals(manager.get("Name").asText(), stored.record().profile().get("manager_name"));
        assertEquals(SalesforceValues.parseDateTime(source.get("SystemModstamp").asText()),
                stored.record().systemModstamp());

        Watermark watermark = state.watermark(SyncStateRepository.DIRECTORY_USERS).orElseThrow();
        Instant newest = simulator.org().users().stream()
                .map(u -> SalesforceValues.parseDateTime(u.get("SystemModstamp").asText()))
                .max(Instant::compareTo).orElseThrow();
        assertEquals(newest, watermark.systemModstamp(), "watermark is the newest SystemModstamp, not the clock");
    }

    @Test
    void rerunChangesNothing() {
        fullImport();
        ObjectNode source = managedUser();
        Instant updatedAt = users.findById(source.get("Id").asText()).orElseThrow().updatedAt();

        SyncRun again = fullImport();
        SyncRun incremental = incrementalSync();

        assertEquals("SUCCEEDED", again.outcome(), again.error());
        assertEquals(0, again.created() + again.updated() + again.deactivated());
        assertEquals(ORG_SIZE, again.unchanged());
        assertEquals("SUCCEEDED", incremental.outcome(), incremental.error());
        assertEquals(0, incremental.created() + incremental.updated() + incremental.deactivated());
        assertEquals(updatedAt, users.findById(source.get("Id").asText()).orElseThrow().updatedAt());
        assertEquals(ORG_SIZE, users.countUsers());
    }

    @Test
    void incrementalAppliesEditsAndDeactivations() {
        fullImport();
        List<ObjectNode> all = simulator.org().users().stream().filter(u -> u.get("IsActive").asBoolean()).toList();
        String edited = all.get(3).get("Id").asText();
        String leaver = all.get(7).get("Id").asText();
        simulator.org().update(edited, Map.of("Title", "Head of Ünïcode", "Department", "R&D"));
        simulator.org().deactivate(leaver);
        ObjectNode joiner = simulator.org().addUser(Map.of("Username", "new.starter@sample-org.example",
                "Email", "new.starter@sample-org.example", "FirstName", "Nuño", "LastName", "Starter",
                "IsActive", true, "UserType", "Standard"));

        SyncRun run = incrementalSync();

        assertEquals("SUCCEEDED", run.outcome(), run.error());
        assertEquals(1, run.created());
        assertEquals(1, run.updated());
        assertEquals(1, run.deactivated());
        assertTrue(run.fetched() < ORG_SIZE, "only changed users are fetched: " + run.fetched());
        assertEquals("Head of Ünïcode", users.findById(edited).orElseThrow().record().profile().get("job_title"));
        DirectoryUser gone = users.findById(leaver).orElseThrow();
        assertFalse(gone.record().active());
        assertNotNull(gone.deactivatedAt());
        assertEquals("Nuño Starter",
                users.findById(joiner.get("Id").asText()).orElseThrow().record().displayName());
        assertEquals(ORG_SIZE + 1, users.countUsers());
    }

    @Test
    void sharedModstampAcrossPageBoundary() {
        fullImport();
        Instant shared = Instant.parse("2031-01-01T00:00:00Z");
        List<String> tied = new ArrayList<>();
        for (ObjectNode user : simulator.org().users().subList(100, 100 + BATCH_SIZE + 10)) {
            String id = user.get("Id").asText();
            simulator.org().updateAt(id, Map.of("Department", "Tied " + id), shared);
            tied.add(id);
        }
        // Call 1 is the deactivation check and call 2 the first page. The second page fails:
        // the first page, all at the shared timestamp, is committed and the watermark rests on it.
        simulator.faults().requestLimitOnCall(3);

        SyncRun failed = incrementalSync();

        assertEquals("FAILED", failed.outcome());
        assertEquals(BATCH_SIZE, failed.fetched());
        assertTrue(failed.updated() >= BATCH_SIZE - 1, "the first page holds the tied users, after at most one "
                + "user at the old watermark: " + failed.updated());
        assertEquals(shared, state.watermark(SyncStateRepository.DIRECTORY_USERS).orElseThrow().systemModstamp());

        simulator.faults().clear();
        SyncRun recovered = incrementalSync();

        assertEquals("SUCCEEDED", recovered.outcome(), recovered.error());
        assertEquals(tied.size(), recovered.fetched(), "the run starts again at the shared timestamp");
        assertEquals(tied.size() - failed.updated(), recovered.updated(), "the users after the boundary are applied");
        assertEquals(failed.updated(), recovered.unchanged(), "the committed tied users are fetched again, unchanged");
        for (String id : tied) {
            assertEquals("Tied " + id, users.findById(id).orElseThrow().record().profile().get("department"), id);
        }
    }

    @Test
    void badRecordRejectedThenRepaired() {
        ObjectNode bad = simulator.org().addUser(Map.of("Username", "broken@sample-org.example",
                "Email", "broken at sample-org", "LastName", "Broken", "IsActive", true));
        String id = bad.get("Id").asText();

        SyncRun first = fullImport();

        assertEquals("SUCCEEDED", first.outcome(), first.error());
        assertEquals(1, first.rejected());
        assertEquals(ORG_SIZE, first.created());
        assertTrue(users.findById(id).isEmpty());
        assertEquals(1, rejected.open().size());
        assertEquals(id, rejected.open().get(0).salesforceId());
        assertEquals("invalid Email 'broken at sample-org'", rejected.open().get(0).reason());
        assertTrue(rejected.open().get(0).payload().contains("broken@sample-org.example"));

        simulator.org().update(id, Map.of("Email", "broken@sample-org.example"));
        SyncRun second = incrementalSync();

        assertEquals(1, second.created());
        assertEquals(0, second.rejected());
        assertEquals("broken@sample-org.example", users.findById(id).orElseThrow().record().email());
        assertTrue(rejected.open().isEmpty());
        assertEquals(second.id(), rejected.all().get(0).resolvedByRun());
    }

    @Test
    void lateChangeInsideOverlapApplied() {
        fullImport();
        Watermark watermark = state.watermark(SyncStateRepository.DIRECTORY_USERS).orElseThrow();
        String late = simulator.org().users().get(20).get("Id").asText();
        simulator.org().updateAt(late, Map.of("Title", "Committed late"),
                watermark.systemModstamp().minusSeconds(1));

        SyncRun run = incrementalSync();

        assertEquals("SUCCEEDED", run.outcome(), run.error());
        assertEquals(1, run.updated());
        assertEquals("Committed late", users.findById(late).orElseThrow().record().profile().get("job_title"));
    }

    @Test
    void interruptedRunClosedByNextRun() {
        RunRepository runs = connector.bean("runRepository", RunRepository.class);
        long abandoned = runs.start("FULL_IMPORT", Instant.now().minusSeconds(60));

        SyncRun run = fullImport();

        assertEquals("SUCCEEDED", run.outcome(), run.error());
        SyncRun closed = runs.find(abandoned).orElseThrow();
        assertEquals("INTERRUPTED", closed.outcome());
        assertNotNull(closed.finishedAt());
    }

    @Test
    void controlCharacterRejected() {
        fullImport();
        List<ObjectNode> actives = simulator.org().users().stream()
                .filter(u -> u.get("IsActive").asBoolean()).toList();
        String broken = actives.get(5).get("Id").asText();
        String other = actives.get(6).get("Id").asText();
        simulator.org().update(broken, Map.of("Title", "Head of\u0000Ops"));
        simulator.org().update(other, Map.of("Title", "Still applied"));

        SyncRun run = incrementalSync();

        assertEquals("SUCCEEDED", run.outcome(), run.error());
        assertEquals(1, run.rejected());
        assertEquals("job_title contains a control character", rejected.open().get(0).reason());
        assertEquals("Still applied", users.findById(other).orElseThrow().record().profile().get("job_title"));
        assertEquals("SUCCEEDED", incrementalSync().outcome(), "the next run is not blocked by the bad record");
    }

    @Test
    void leaverWithBadFieldDeactivated() {
        fullImport();
        String leaver = simulator.org().users().stream().filter(u -> u.get("IsActive").asBoolean())
                .skip(8).findFirst().orElseThrow().get("Id").asText();
        simulator.org().update(leaver, Map.of("IsActive", false, "Title", "x".repeat(300)));

        SyncRun run = incrementalSync();

        assertEquals("SUCCEEDED", run.outcome(), run.error());
        assertEquals(1, run.rejected());
        assertEquals(1, run.deactivated());
        DirectoryUser stored = users.findById(leaver).orElseThrow();
        assertFalse(stored.record().active(), "a leaver loses access even when another field is invalid");
        assertNotNull(stored.deactivatedAt());
    }

    @Test
    void massDeactivationStopsRun() {
        fullImport();
        Watermark before = state.watermark(SyncStateRepository.DIRECTORY_USERS).orElseThrow();
        long active = users.countActiveUsers();
        List<ObjectNode> actives = simulator.org().users().stream()
                .filter(u -> u.get("IsActive").asBoolean()).toList();
        int leavers = (int) (active * 0.3);
        for (int i = 0; i < leavers; i++) {
            simulator.org().deactivate(actives.get(i).get("Id").asText());
        }
        simulator.org().update(actives.get(leavers + 1).get("Id").asText(), Map.of("Title", "Not applied"));

        SyncRun run = incrementalSync();

        assertEquals("STOPPED", run.outcome());
        assertTrue(run.error().contains("it would deactivate " + leavers + " of " + active + " active users"),
                run.error());
        assertTrue(run.error().contains("sync.deactivation-guard.max-share"), run.error());
        assertEquals(0, run.fetched());
        assertEquals(active, users.countActiveUsers());
        assertEquals(before, state.watermark(SyncStateRepository.DIRECTORY_USERS).orElseThrow());
        assertFalse("Not applied".equals(users.findById(actives.get(leavers + 1).get("Id").asText())
                .orElseThrow().record().profile().get("job_title")));
    }

    @Test
    void smallDeactivationPasses() {
        fullImport();
        List<ObjectNode> actives = simulator.org().users().stream()
                .filter(u -> u.get("IsActive").asBoolean()).toList();
        for (int i = 0; i < 4; i++) {
            simulator.org().deactivate(actives.get(i).get("Id").asText());
        }

        SyncRun run = incrementalSync();

        assertEquals("SUCCEEDED", run.outcome(), run.error());
        assertEquals(4, run.deactivated());
    }

    @Test
    void expiredSessionRecoveredByLogin() {
        int loginsBefore = simulator.loginCount();
        simulator.faults().invalidSessionOnCall(3);

        SyncRun run = fullImport();

        assertEquals("SUCCEEDED", run.outcome(), run.error());
        assertEquals(ORG_SIZE, users.countUsers());
        assertTrue(simulator.loginCount() > loginsBefore, "camel-salesforce logged in again after the 401");
    }

    @Test
    void serverErrorKeepsCommittedPages() {
        simulator.faults().serverErrorOnCall(2);

        SyncRun failed = fullImport();

        assertEquals("FAILED", failed.outcome());
        assertTrue(failed.error().contains("HTTP 500"), failed.error());
        assertEquals(BATCH_SIZE, users.countUsers());

        SyncRun resumed = incrementalSync();

        assertEquals("SUCCEEDED", resumed.outcome(), resumed.error());
        assertEquals(ORG_SIZE, users.countUsers());
        assertEquals(ORG_SIZE - BATCH_SIZE, resumed.created());
    }

    @Test
    void slowReplyStillCompletes() {
        simulator.faults().delayCall(2, java.time.Duration.ofSeconds(2));

        SyncRun run = fullImport();

        assertEquals("SUCCEEDED", run.outcome(), run.error());
        assertEquals(ORG_SIZE, run.created());
        assertTrue(run.duration().toMillis() >= 2000, "the delay was applied: " + run.duration());
    }

    @Test
    void timeoutKeepsCommittedPages() throws Exception {
        connector.close();
        Map<String, String> properties = connectorProperties();
        properties.put("salesforce.http-idle-timeout", "PT1S");
        connector = ConnectorHarness.start(properties);
        users = connector.bean("userRepository", UserRepository.class);
        simulator.faults().delayCall(3, java.time.Duration.ofSeconds(3));

        SyncRun failed = fullImport();

        assertEquals("FAILED", failed.outcome());
        assertTrue(failed.error().contains("TimeoutException"), failed.error());
        assertEquals(2 * BATCH_SIZE, users.countUsers(), "the two pages before the slow one are committed");
    }

    @Test
    void requestLimitKeepsCommittedPages() {
        simulator.faults().requestLimitOnCall(4);

        SyncRun failed = fullImport();

        assertEquals("FAILED", failed.outcome());
        assertTrue(failed.error().contains("REQUEST_LIMIT_EXCEEDED"), failed.error());
        assertEquals(3 * BATCH_SIZE, failed.created(), "three pages were committed before the limit");
        assertEquals(3 * BATCH_SIZE, users.countUsers());
        Watermark watermark = state.watermark(SyncStateRepository.DIRECTORY_USERS).orElseThrow();
        Map<String, Instant> committed = new HashMap<>();
        simulator.org().users().forEach(u -> committed.put(u.get("Id").asText(),
                SalesforceValues.parseDateTime(u.get("SystemModstamp").asText())));
        Instant newestCommitted = users.findById(watermark.lastId()).orElseThrow().record().systemModstamp();
        assertEquals(newestCommitted, watermark.systemModstamp());
        long later = committed.values().stream().filter(t -> t.isAfter(watermark.systemModstamp())).count();
        assertTrue(later > 0, "users newer than the watermark remain to be fetched");

        simulator.faults().clear();
        SyncRun resumed = incrementalSync();

        assertEquals("SUCCEEDED", resumed.outcome(), resumed.error());
        assertEquals(ORG_SIZE, users.countUsers());
    }
}
