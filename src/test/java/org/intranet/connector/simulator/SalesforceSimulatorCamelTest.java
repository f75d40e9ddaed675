package org.intranet.connector.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.intranet.connector.support.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the simulator with the real camel-salesforce 4.18 client. */
class SalesforceSimulatorCamelTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String QUERY_OPTIONS = "Sforce-Query-Options";

    private SalesforceSimulator simulator;
    private CamelContext camel;
    private ProducerTemplate template;

    @TempDir
    Path tempDir;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void queryPagesWithBatchSizeAndQueryMore() throws Exception {
        startWithPassword(SimulatedOrg.generate(7, 250));

        JsonNode first = query("SELECT Id, Username FROM User ORDER BY SystemModstamp, Id",
                Map.of(QUERY_OPTIONS, "batchSize=100"));
        assertEquals(250, first.get("totalSize").asInt());
        assertFalse(first.get("done").asBoolean());
        assertEquals(100, first.get("records").size());
        String next = first.get("nextRecordsUrl").asText();
        assertTrue(next.matches("/services/data/v\\d+\\.0/query/0r8\\w{15}-100"), next);

        List<String> ids = new ArrayList<>(ids(first));
        JsonNode page = first;
        int pages = 1;
        while (!page.get("done").asBoolean()) {
            page = queryMore(page.get("nextRecordsUrl").asText());
            ids.addAll(ids(page));
            pages++;
        }
        assertEquals(3, pages);
        assertFalse(page.has("nextRecordsUrl"));
        assertEquals(50, page.get("records").size());
        assertEquals(250, ids.size());
        assertEquals(250, new HashSet<>(ids).size());
        List<String> expected = simulator.org().users().stream()
                .sorted((a, b) -> {
                    int byStamp = Instant.from(WireFormats.DATETIME.parse(a.get("SystemModstamp").asText()))
                            .compareTo(Instant.from(WireFormats.DATETIME.parse(b.get("SystemModstamp").asText())));
                    return byStamp != 0 ? byStamp : a.get("Id").asText().compareTo(b.get("Id").asText());
                })
                .map(user -> user.get("Id").asText()).toList();
        assertEquals(expected, ids);
        assertEquals(List.of("SELECT Id, Username FROM User ORDER BY SystemModstamp, Id"), simulator.queries());
    }

    @Test
    void recordsHaveAttributesAndRelationships() throws Exception {
        startWithPassword(SimulatedOrg.sample());

        JsonNode result = query("SELECT Id, Name, ManagerId, Manager.Name, Manager.Email, Profile.Name FROM User"
                + " WHERE ManagerId != null LIMIT 5", Map.of());
        JsonNode record = result.get("records").get(0);
        List<String> keys = new ArrayList<>();
        record.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("attributes", "Id", "Name", "ManagerId", "Manager", "Profile"), keys);
        assertEquals("User", record.at("/attributes/type").asText());
        assertTrue(record.at("/attributes/url").asText().endsWith("/sobjects/User/" + record.get("Id").asText()));
        JsonNode manager = record.get("Manager");
        assertEquals("User", manager.at("/attributes/type").asText());
        JsonNode storedManager = simulator.org().user(record.get("ManagerId").asText()).orElseThrow();
        assertEquals(storedManager.get("Name").asText(), manager.get("Name").asText());
        assertEquals(storedManager.get("Email").asText(), manager.get("Email").asText());
        assertEquals("Profile", record.at("/Profile/attributes/type").asText());

        JsonNode recorded = query("SELECT Id, Manager.Name, Profile.Name FROM User"
                + " WHERE Id = '005dM00000aYaE4QAK'", Map.of());
        JsonNode automatedProcess = recorded.get("records").get(0);
        assertTrue(automatedProcess.get("Manager").isNull());
        assertTrue(automatedProcess.get("Profile").isNull());
    }

    @Test
    void whereFiltersOnModstampAndIsActive() throws Exception {
        startWithPassword(SimulatedOrg.sample());
        Instant since = Instant.parse("2026-09-01T00:00:00Z");

        JsonNode recent = query("SELECT Id, SystemModstamp FROM User WHERE SystemModstamp >= 2026-09-01T00:00:00Z"
                + " ORDER BY SystemModstamp, Id", Map.of());
        long expectedRecent = simulator.org().users().stream()
                .filter(user -> !WireFormats.parseDateTime(user.get("SystemModstamp").asText()).isBefore(since))
                .count();
        assertTrue(expectedRecent >= 12, "sample org has a bulk-loaded group at 2026-09-01");
        assertEquals(expectedRecent, recent.get("totalSize").asLong());
        for (JsonNode record : recent.get("records")) {
            assertFalse(WireFormats.parseDateTime(record.get("SystemModstamp").asText()).isBefore(since));
        }

        JsonNode inactive = query("SELECT Id, IsActive FROM User WHERE IsActive = false", Map.of());
        long expectedInactive = simulator.org().size() - simulator.org().activeCount();
        assertTrue(expectedInactive > 0);
        assertEquals(expectedInactive, inactive.get("totalSize").asLong());
        for (JsonNode record : inactive.get("records")) {
            assertFalse(record.get("IsActive").asBoolean());
        }
    }

    @Test
    void invalidSessionIsRecoveredByRelogin() throws Exception {
        startWithPassword(SimulatedOrg.generate(3, 20));
        int loginsBefore = simulator.loginCount();
        simulator.faults().invalidSessionOnCall(1);

        JsonNode result = query("SELECT Id FROM User", Map.of());

        assertEquals(20, result.get("totalSize").asInt());
        assertEquals(loginsBefore + 1, simulator.loginCount());
        assertEquals(2, simulator.apiCallCount());
    }

    @Test
    void requestLimitSurfacesAsSalesforceException() {
        startWithPassword(SimulatedOrg.generate(3, 20));
        simulator.faults().requestLimitOnCall(1);

        CamelExecutionException thrown = assertThrows(CamelExecutionException.class,
                () -> query("SELECT Id FROM User", Map.of()));
        SalesforceException cause = findSalesforceException(thrown);
        assertEquals(403, cause.getStatusCode());
        assertEquals("REQUEST_LIMIT_EXCEEDED", cause.getErrors().get(0).getErrorCode());

        assertThrows(CamelExecutionException.class, () -> query("SELECT Id FROM User", Map.of()));
        simulator.faults().clear();
        assertEquals(20, assertDoesNotFail(() -> query("SELECT Id FROM User", Map.of())).get("totalSize").asInt());
    }

    @Test
    void serverErrorSurfacesAsStatus500() {
        startWithPassword(SimulatedOrg.generate(3, 5));
        simulator.faults().serverErrorOnCall(1);

        CamelExecutionException thrown = assertThrows(CamelExecutionException.class,
                () -> query("SELECT Id FROM User", Map.of()));
        SalesforceException cause = findSalesforceException(thrown);
        assertEquals(500, cause.getStatusCode());
        assertEquals("UNKNOWN_EXCEPTION", cause.getErrors().get(0).getErrorCode());
    }

    @Test
    void malformedQueryIsStatus400() {
        startWithPassword(SimulatedOrg.generate(3, 5));

        CamelExecutionException thrown = assertThrows(CamelExecutionException.class,
                () -> query("SELECT Id, FROM User", Map.of()));
        SalesforceException cause = findSalesforceException(thrown);
        assertEquals(400, cause.getStatusCode());
        assertEquals("MALFORMED_QUERY", cause.getErrors().get(0).getErrorCode());
    }

    @Test
    void jwtBearerLoginWorks() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keyPair = generator.generateKeyPair();
        X509Certificate certificate = TestKeys.selfSigned(keyPair, "intranet-connector-test");
        Path keystoreFile = tempDir.resolve("jwt.p12");
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        keystore.setKeyEntry("jwt", keyPair.getPrivate(), "changeit".toCharArray(),
                new X509Certificate[] {certificate});
        try (OutputStream out = Files.newOutputStream(keystoreFile)) {
            keystore.store(out, "changeit".toCharArray());
        }

        simulator = SalesforceSimulator.start(SimulatedOrg.generate(3, 5));
        simulator.trustJwtCertificate(certificate);
        KeyStoreParameters keyStoreParameters = new KeyStoreParameters();
        keyStoreParameters.setResource("file:" + keystoreFile);
        keyStoreParameters.setPassword("changeit");
        keyStoreParameters.setType("PKCS12");
        SalesforceComponent component = new SalesforceComponent();
        component.setLoginUrl(simulator.baseUrl());
        component.setClientId(SalesforceSimulator.CLIENT_ID);
        component.setUserName(SalesforceSimulator.USERNAME);
        component.setAuthenticationType(AuthenticationType.JWT);
        component.setKeystore(keyStoreParameters);
        startCamel(component);

        assertEquals(5, query("SELECT Id FROM User", Map.of()).get("totalSize").asInt());
        assertEquals(1, simulator.loginCount());
    }

    @Test
    void untrustedJwtCertificateIsRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keyPair = generator.generateKeyPair();
        X509Certificate certificate = TestKeys.selfSigned(keyPair, "intranet-connector-test");
        Path keystoreFile = tempDir.resolve("untrusted.p12");
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        keystore.setKeyEntry("jwt", keyPair.getPrivate(), "changeit".toCharArray(),
                new X509Certificate[] {certificate});
        try (OutputStream out = Files.newOutputStream(keystoreFile)) {
            keystore.store(out, "changeit".toCharArray());
        }
        simulator = SalesforceSimulator.start(SimulatedOrg.empty());
        KeyStoreParameters keyStoreParameters = new KeyStoreParameters();
        keyStoreParameters.setResource("file:" + keystoreFile);
        keyStoreParameters.setPassword("changeit");
        keyStoreParameters.setType("PKCS12");
        SalesforceComponent component = new SalesforceComponent();
        component.setLoginUrl(simulator.baseUrl());
        component.setClientId(SalesforceSimulator.CLIENT_ID);
        component.setUserName(SalesforceSimulator.USERNAME);
        component.setAuthenticationType(AuthenticationType.JWT);
        component.setKeystore(keyStoreParameters);
        camel = new DefaultCamelContext();
        camel.addComponent("salesforce", component);

        Exception failure = assertThrows(Exception.class, () -> camel.start());
        assertTrue(causeChainContains(failure, "invalid_grant"), "login failure should name invalid_grant");
        assertEquals(0, simulator.loginCount());
    }

    @Test
    void rawPayloadReturnsSimulatorJsonVerbatim() throws Exception {
        startWithPassword(SimulatedOrg.sample());

        Exchange exchange = template.request("salesforce:query?rawPayload=true",
                e -> e.getIn().setBody("SELECT Id, Name FROM User WHERE Id = '005dM00000awSFJQA2'"));

        assertNotNull(exchange.getMessage().getBody());
        assertInstanceOf(InputStream.class, exchange.getMessage().getBody());
        String body = exchange.getMessage().getBody(String.class);
        assertTrue(body.startsWith("{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":"), body);
        assertTrue(body.contains("\"Name\":\"Example API\""), body);
        assertEquals("200", String.valueOf(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)));
        assertTrue(String.valueOf(exchange.getMessage().getHeader("Sforce-Limit-Info")).startsWith("api-usage="));
    }

    private void startWithPassword(SimulatedOrg org) {
        simulator = SalesforceSimulator.start(org);
        SalesforceComponent component = new SalesforceComponent();
        component.setLoginUrl(simulator.baseUrl());
        component.setClientId(SalesforceSimulator.CLIENT_ID);
        component.setClientSecret(SalesforceSimulator.CLIENT_SECRET);
        component.setUserName(SalesforceSimulator.USERNAME);
        component.setPassword(SalesforceSimulator.PASSWORD);
        startCamel(component);
    }

    private void startCamel(SalesforceComponent component) {
        camel = new DefaultCamelContext();
        camel.addComponent("salesforce", component);
        camel.start();
        template = camel.createProducerTemplate();
    }

    private JsonNode query(String soql, Map<String, Object> headers) throws Exception {
        String body = template.requestBodyAndHeaders("salesforce:query?rawPayload=true", soql, headers, String.class);
        return MAPPER.readTree(body);
    }

    private JsonNode queryMore(String nextRecordsUrl) throws Exception {
        String body = template.requestBody("salesforce:queryMore?rawPayload=true", nextRecordsUrl, String.class);
        return MAPPER.readTree(body);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("records").forEach(record -> ids.add(record.get("Id").asText()));
        return ids;
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static <T> T assertDoesNotFail(ThrowingSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (Exception e) {
            throw new AssertionError("Call failed unexpectedly", e);
        }
    }

    private static SalesforceException findSalesforceException(Throwable thrown) {
        Throwable current = thrown;
        SalesforceException innermost = null;
        while (current != null) {
            if (current instanceof SalesforceException salesforceException
                    && salesforceException.getErrors() != null && !salesforceException.getErrors().isEmpty()) {
                innermost = salesforceException;
            }
            current = current.getCause();
        }
        assertInstanceOf(SalesforceException.class, innermost, "no SalesforceException with errors in the chain");
        return innermost;
    }

    private static boolean causeChainContains(Throwable thrown, String text) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable current = thrown; current != null && seen.add(current); current = current.getCause()) {
            if (String.valueOf(current.getMessage()).contains(text)) {
                return true;
            }
        }
        return false;
    }
}
