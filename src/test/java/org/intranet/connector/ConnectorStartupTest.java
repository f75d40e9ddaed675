package org.intranet.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.intranet.connector.config.ConfigurationException;
import org.intranet.connector.mapping.MappingException;
import org.intranet.connector.saml.LogCapture;
import org.intranet.connector.simulator.SalesforceSimulator;
import org.intranet.connector.simulator.SimulatedOrg;
import org.intranet.connector.store.RunRepository;
import org.intranet.connector.store.SyncRun;
import org.intranet.connector.store.UserRepository;
import org.intranet.connector.support.ConnectorHarness;
import org.intranet.connector.support.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled connector: settings, start-up checks, scheduled routes and credentials. */
class ConnectorStartupTest {

    @TempDir
    Path tempDir;

    SalesforceSimulator simulator;
    ConnectorHarness connector;

    @BeforeEach
    void startSimulator() {
        simulator = SalesforceSimulator.start(SimulatedOrg.generate(5, 30));
    }

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.close();
        }
        simulator.close();
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + failure);
    }

    private static void await(String expectation, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + expectation);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void jwtBearerFlowImports() throws Exception {
        KeyPair keyPair = TestKeys.rsaKeyPair();
        X509Certificate certificate = TestKeys.selfSigned(keyPair, "intranet-connector");
        Path keystore = tempDir.resolve("connector.p12");
        TestKeys.writePkcs12(keystore, keyPair, certificate, "keystore-secret");
        simulator.trustJwtCertificate(certificate);
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        properties.remove("salesforce.password");
        properties.remove("salesforce.client-secret");
        properties.put("salesforce.auth-flow", "jwt");
        properties.put("salesforce.jwt.keystore", keystore.toString());
        properties.put("salesforce.jwt.keystore-password", "keystore-secret");

        connector = ConnectorHarness.start(properties);
        SyncRun run = connector.request("direct:full-import", SyncRun.class);

        assertEquals("SUCCEEDED", run.outcome(), run.error());
        assertEquals(30, run.created());
        assertTrue(simulator.loginCount() >= 1);
    }

    @Test
    void untrustedJwtKeyFailsRun() throws Exception {
        KeyPair keyPair = TestKeys.rsaKeyPair();
        Path keystore = tempDir.resolve("other.p12");
        TestKeys.writePkcs12(keystore, keyPair, TestKeys.selfSigned(keyPair, "someone-else"), "pw");
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        properties.put("salesforce.auth-flow", "jwt");
        properties.put("salesforce.jwt.keystore", keystore.toString());
        properties.put("salesforce.jwt.keystore-password", "pw");

        connector = ConnectorHarness.start(properties);
        SyncRun run = connector.request("direct:full-import", SyncRun.class);

        assertEquals("FAILED", run.outcome());
        assertEquals(0, connector.bean("userRepository", UserRepository.class).countUsers());
    }

    @Test
    void secretsFileSuppliesPassword() throws Exception {
        Path secrets = tempDir.resolve("secrets.properties");
        Files.writeString(secrets, "salesforce.password=" + SalesforceSimulator.PASSWORD + "\n"
                + "salesforce.client-secret=" + SalesforceSimulator.CLIENT_SECRET + "\n");
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        properties.remove("salesforce.password");
        properties.remove("salesforce.client-secret");
        properties.put("connector.secrets-file", secrets.toString());

        connector = ConnectorHarness.start(properties);

        assertEquals("SUCCEEDED", connector.request("direct:full-import", SyncRun.class).outcome());
    }

    @Test
    void tooManyMappedFieldsStopStartup() throws Exception {
        Path mapping = tempDir.resolve("too-many.yaml");
        StringBuilder yaml = new StringBuilder("profileFields:\n");
        for (String target : List.of("job_title", "department", "division", "company", "work_phone",
                "mobile_phone", "city", "country")) {
            yaml.append("  - salesforceField: Title\n    intranetField: ").append(target).append('\n');
        }
        Files.writeString(mapping, yaml);
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        properties.put("mapping.file", mapping.toString());

        Exception failure = assertThrows(Exception.class, () -> connector = ConnectorHarness.start(properties));

        MappingException problem = causeOf(failure, MappingException.class);
        assertEquals(mapping + ": 8 profile fields are mapped, but at most 7 are allowed. Remove 1 entries from "
                + "'profileFields'.", problem.getMessage());
        assertEquals(problem, ConnectorMain.configurationProblem(failure));
    }

    @Test
    void missingPasswordStopsStartup() {
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        properties.remove("salesforce.password");

        Exception failure = assertThrows(Exception.class, () -> connector = ConnectorHarness.start(properties));

        ConfigurationException problem = causeOf(failure, ConfigurationException.class);
        assertTrue(problem.getMessage().startsWith("salesforce.password is not set."), problem.getMessage());
        assertTrue(problem.getMessage().contains("SALESFORCE_PASSWORD"), problem.getMessage());
    }

    @Test
    void secretInPropertiesRejected() throws Exception {
        Path emptySecrets = Files.writeString(tempDir.resolve("empty.properties"), "");
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        properties.put("connector.secrets-file", emptySecrets.toString());

        Exception failure = assertThrows(Exception.class, () -> connector = ConnectorHarness.start(properties));

        assertEquals("salesforce.client-secret is set in a properties file, where secrets are not read. Remove it "
                + "there and pass it as SALESFORCE_CLIENT_SECRET or in connector.secrets-file.",
                causeOf(failure, ConfigurationException.class).getMessage());
    }

    @Test
    void invalidSettingsStopStartup() {
        Map<String, Map.Entry<String, String>> cases = Map.of(
                "sync.deactivation-guard.max-share=1.5 is invalid: expected a number from 0.0 to 1.0.",
                Map.entry("sync.deactivation-guard.max-share", "1.5"),
                "salesforce.auth-flow='oauth' is invalid: use username-password or jwt.",
                Map.entry("salesforce.auth-flow", "oauth"),
                "sync.batch-size=0 is invalid: expected a whole number from 1 to 2000.",
                Map.entry("sync.batch-size", "0"),
                "sync.startup-import='sometimes' is invalid: use auto (import when the store is empty or the "
                        + "mapping changed), always or never.",
                Map.entry("sync.startup-import", "sometimes"),
                "sync.daily-cron='every-day' is not a valid Quartz cron expression. Use six or seven fields, for "
                        + "example 0 0 2 * * ? for 02:00 every day.",
                Map.entry("sync.daily-cron", "every-day"),
                "sync.time-zone='Mars/Olympus' is not a known time zone. Use an IANA name such as UTC or "
                        + "Europe/Berlin.",
                Map.entry("sync.time-zone", "Mars/Olympus"),
                "sync.startup-delay=abc is invalid: expected a whole number from 0 to 2147483647.",
                Map.entry("sync.startup-delay", "abc"),
                "salesforce.api-version='abc' is invalid: use a REST API version such as 59.0.",
                Map.entry("salesforce.api-version", "abc"),
                "sync.watermark-overlap=5 minutes is invalid: expected an ISO-8601 duration such as PT60S or PT8H.",
                Map.entry("sync.watermark-overlap", "5 minutes"));
        for (Map.Entry<String, Map.Entry<String, String>> example : cases.entrySet()) {
            Map<String, String> properties = ConnectorHarness.defaults(simulator);
            properties.put(example.getValue().getKey(), example.getValue().getValue());

            Exception failure = assertThrows(Exception.class, () -> ConnectorHarness.start(properties).close());

            assertEquals(example.getKey(), causeOf(failure, ConfigurationException.class).getMessage());
        }
    }

    @Test
    void mappingChangeBringsFullImport() throws Exception {
        String database = "jdbc:h2:mem:mapping-change-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Path first = Files.writeString(tempDir.resolve("first.yaml"),
                "profileFields:\n  - salesforceField: Title\n    intranetField: job_title\n");
        Path second = Files.writeString(tempDir.resolve("second.yaml"),
                "profileFields:\n  - salesforceField: Title\n    intranetField: job_title\n"
                        + "  - salesforceField: Department\n    intranetField: department\n");
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        properties.put("store.jdbc-url", database);
        properties.put("sync.startup-import", "auto");
        properties.put("sync.startup-delay", "0");

        properties.put("mapping.file", first.toString());
        List<SyncRun> sameMapping;
        try (ConnectorHarness node = ConnectorHarness.start(properties)) {
            RunRepository runs = node.bean("runRepository", RunRepository.class);
            await("the first import has finished", () -> finishedRuns(runs) == 1);
        }
        try (ConnectorHarness node = ConnectorHarness.start(properties)) {
            Thread.sleep(1500);
            sameMapping = node.bean("runRepository", RunRepository.class).latest(10);
        }
        properties.put("mapping.file", second.toString());
        connector = ConnectorHarness.start(properties);
        RunRepository runs = connector.bean("runRepository", RunRepository.class);
        await("the import after the mapping change has finished", () -> finishedRuns(runs) == 2);

        assertEquals(1, sameMapping.size(), "an unchanged mapping brings no import");
        SyncRun backfill = runs.latest(1).get(0);
        assertEquals("FULL_IMPORT", backfill.kind());
        assertEquals(30, backfill.fetched());
        long departments = simulator.org().users().stream().filter(u -> u.hasNonNull("Department")).count();
        UserRepository users = connector.bean("userRepository", UserRepository.class);
        long stored = simulator.org().users().stream().map(u -> users.findById(u.get("Id").asText()).orElseThrow())
                .filter(u -> u.record().profile().containsKey("department")).count();
        assertEquals(departments, stored, "every user got the newly mapped field");
    }

    private static long finishedRuns(RunRepository runs) {
        return runs.latest(10).stream().filter(r -> r.finishedAt() != null).count();
    }

    @Test
    void twoNodesRunOneAtATime() throws Exception {
        SalesforceSimulator big = SalesforceSimulator.start(SimulatedOrg.generate(9, 600));
        Map<String, String> properties = ConnectorHarness.defaults(big);
        properties.put("store.jdbc-url", "jdbc:h2:mem:two-nodes-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        properties.put("sync.batch-size", "50");
        try (ConnectorHarness nodeA = ConnectorHarness.start(properties);
             ConnectorHarness nodeB = ConnectorHarness.start(properties)) {
            big.faults().delayCall(2, Duration.ofSeconds(2));
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            var first = pool.submit(() -> nodeA.request("direct:full-import", SyncRun.class));
            Thread.sleep(500);
            var second = pool.submit(() -> nodeB.request("direct:full-import", SyncRun.class));
            SyncRun runA = first.get();
            SyncRun runB = second.get();
            pool.shutdown();

            assertEquals("SUCCEEDED", runA.outcome(), runA.error());
            assertEquals(null, runB, "node B skips while node A holds the lease");
            SyncRun later = nodeB.request("direct:full-import", SyncRun.class);
            assertEquals("SUCCEEDED", later.outcome(), later.error());
            assertEquals(600, later.unchanged(), "the lease is released after node A's run");
        } finally {
            big.close();
        }
    }

    @Test
    void startupImportFillsEmptyStore() throws Exception {
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        properties.put("sync.startup-import", "auto");
        properties.put("sync.startup-delay", "100");

        connector = ConnectorHarness.start(properties);
        RunRepository runs = connector.bean("runRepository", RunRepository.class);

        await("the start-up import has finished", () -> !runs.latest(1).isEmpty()
                && runs.latest(1).get(0).finishedAt() != null);
        SyncRun run = runs.latest(1).get(0);
        assertEquals("FULL_IMPORT", run.kind());
        assertEquals(30, run.created());
    }

    @Test
    void dailyCronStartsIncrementalSync() throws Exception {
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        properties.put("sync.daily-cron", "0/1 * * * * ?");
        properties.put("sync.time-zone", "Europe/Berlin");

        connector = ConnectorHarness.start(properties);
        RunRepository runs = connector.bean("runRepository", RunRepository.class);

        await("the cron has started an incremental run", () -> runs.latest(10).stream()
                .anyMatch(r -> r.kind().equals("INCREMENTAL") && r.finishedAt() != null));
        assertEquals(30, connector.bean("userRepository", UserRepository.class).countUsers(),
                "without a watermark the first incremental run imports everyone");
    }

    @Test
    void credentialsNeverLogged() throws Exception {
        try (LogCapture log = LogCapture.install()) {
            Map<String, String> properties = ConnectorHarness.defaults(simulator);
            connector = ConnectorHarness.start(properties);
            simulator.faults().invalidSessionOnCall(1);
            SyncRun run = connector.request("direct:full-import", SyncRun.class);
            simulator.faults().requestLimitOnCall(1);
            SyncRun failed = connector.request("direct:incremental-sync", SyncRun.class);

            assertEquals("SUCCEEDED", run.outcome(), run.error());
            assertEquals("FAILED", failed.outcome());
            List<String> lines = log.lines();
            assertFalse(lines.isEmpty());
            assertNotNull(lines.stream().filter(l -> l.contains("Directory sync: run")).findFirst().orElse(null));
            String orgPrefix = simulator.org().orgId().substring(0, 15) + "!";
            for (String line : lines) {
                assertFalse(line.contains(SalesforceSimulator.PASSWORD), line);
                assertFalse(line.contains(SalesforceSimulator.CLIENT_SECRET), line);
                assertFalse(line.contains(orgPrefix), "an access token reached the log: " + line);
            }
        }
    }
}
