package org.intranet.connector.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.intranet.connector.simulator.SalesforceSimulator;
import org.intranet.connector.simulator.SimulatedOrg;
import org.intranet.connector.simulator.TestIdentityProvider;
import org.intranet.connector.store.DirectoryUser;
import org.intranet.connector.store.SyncRun;
import org.intranet.connector.store.UserRepository;
import org.intranet.connector.support.ConnectorHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on against the real intranet store: the whole connector (directory and SAML
 * configurations, every YAML route) with the Salesforce simulator and a test identity
 * provider that sends each user's Salesforce fields as assertion attributes.
 */
class DirectorySingleSignOnTest {

    @TempDir
    Path tempDir;

    SalesforceSimulator salesforce;
    TestIdentityProvider idp;
    ConnectorHarness connector;
    UserRepository users;
    String baseUrl;

    @BeforeEach
    void start() throws Exception {
        salesforce = SalesforceSimulator.start(SimulatedOrg.generate(11, 40));
        int port = SsoTestEnvironment.freePort();
        baseUrl = "http://127.0.0.1:" + port;
        idp = new TestIdentityProvider(this::attributesOf).start(0)
                .serviceProvider(baseUrl + "/saml/acs", baseUrl + "/saml/metadata");
        Path metadata = idp.writeMetadata(tempDir.resolve("idp-metadata.xml"));

        Map<String, String> properties = ConnectorHarness.defaults(salesforce);
        properties.put("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml");
        properties.put("http.port", String.valueOf(port));
        properties.put("http.external-base-url", baseUrl);
        properties.put("saml.idp-metadata", metadata.toString());
        connector = ConnectorHarness.start(properties, true);
        users = connector.bean("userRepository", UserRepository.class);
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        idp.close();
        salesforce.close();
    }

    /**
     * Returns what a connected app with a custom attribute per User field would send: the
     * standard userId, username, email and is_portal_user, and every other field by its API name.
     */
    Optional<Map<String, List<String>>> attributesOf(String username) {
        Optional<ObjectNode> found = salesforce.org().users().stream()
                .filter(u -> username.equalsIgnoreCase(u.path("Username").asText())).findFirst();
        if (found.isEmpty() || !found.get().path("IsActive").asBoolean()) {
            return Optional.empty();
        }
        JsonNode user = found.get();
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("userId", List.of(user.get("Id").asText()));
        attributes.put("username", List.of(user.get("Username").asText()));
        attributes.put("email", List.of(user.get("Email").asText()));
        attributes.put("is_portal_user", List.of(String.valueOf(!"Standard".equals(user.path("UserType").asText()))));
        Iterator<Map.Entry<String, JsonNode>> fields = user.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isValueNode() && !field.getValue().isNull()
                    && !List.of("Id", "Username", "Email", "IsActive", "SystemModstamp").contains(field.getKey())) {
                attributes.put(field.getKey(), List.of(field.getValue().asText()));
            }
        }
        String managerId = user.path("ManagerId").asText(null);
        if (managerId != null) {
            salesforce.org().user(managerId)
                    .ifPresent(manager -> attributes.put("Manager.Name", List.of(manager.get("Name").asText())));
        }
        return Optional.of(attributes);
    }

    ObjectNode staffUser(int skip) {
        return salesforce.org().users().stream()
                .filter(u -> u.path("IsActive").asBoolean() && "Standard".equals(u.path("UserType").asText())
                        && u.hasNonNull("ManagerId") && u.hasNonNull("Title"))
                .skip(skip).findFirst().orElseThrow();
    }

    HttpResponse<String> login(Browser browser, String username) throws Exception {
        HttpResponse<String> page = browser.get(baseUrl + "/profile");
        assertEquals(303, page.statusCode(), "a protected page starts the login");
        HttpResponse<String> loginPage = browser.follow(page);
        HttpResponse<String> autoPost = browser.submitForm(loginPage, Map.of("username", username));
        HttpResponse<String> acs = browser.submitForm(autoPost, Map.of());
        return Browser.isRedirect(acs.statusCode()) ? browser.follow(acs) : acs;
    }

    @Test
    void importedUserSignsIn() throws Exception {
        connector.request("direct:full-import", SyncRun.class);
        ObjectNode user = staffUser(0);

        HttpResponse<String> page = login(new Browser(), user.get("Username").asText());

        assertEquals(200, page.statusCode(), page.body());
        assertEquals("/profile", page.uri().getPath());
        assertTrue(page.body().contains(user.get("Id").asText()), page.body());
        assertEquals(40, users.countUsers(), "signing in creates no user");
    }

    @Test
    void loginCreatesRowsTheImportKeeps() throws Exception {
        ObjectNode user = staffUser(1);
        String id = user.get("Id").asText();

        HttpResponse<String> page = login(new Browser(), user.get("Username").asText());

        assertEquals(200, page.statusCode(), page.body());
        DirectoryUser created = users.findById(id).orElseThrow();
        assertEquals(user.get("Title").asText(), created.record().profile().get("job_title"));
        assertTrue(created.record().profile().containsKey("manager_name"), created.record().profile().toString());
        assertEquals(1, users.countUsers());

        SyncRun run = connector.request("direct:full-import", SyncRun.class);

        assertEquals(39, run.created());
        assertEquals(1, run.unchanged(), "the import finds the user created at login identical");
        DirectoryUser afterImport = users.findById(id).orElseThrow();
        assertEquals(created.record().profile(), afterImport.record().profile());
        assertEquals(created.updatedAt(), afterImport.updatedAt());
    }

    @Test
    void loginRefreshesMappedAttributes() throws Exception {
        connector.request("direct:full-import", SyncRun.class);
        ObjectNode user = staffUser(2);
        String id = user.get("Id").asText();
        salesforce.org().update(id, Map.of("Title", "Chief Ünïcode Officer"));

        HttpResponse<String> page = login(new Browser(), user.get("Username").asText());

        assertEquals(200, page.statusCode(), page.body());
        assertEquals("Chief Ünïcode Officer", users.findById(id).orElseThrow().record().profile().get("job_title"));
    }

    @Test
    void deactivatedUserRefused() throws Exception {
        connector.request("direct:full-import", SyncRun.class);
        ObjectNode user = staffUser(3);
        String id = user.get("Id").asText();
        Map<String, List<String>> stillSent = attributesOf(user.get("Username").asText()).orElseThrow();
        salesforce.org().deactivate(id);
        connector.request("direct:incremental-sync", SyncRun.class);
        assertFalse(users.findById(id).orElseThrow().record().active());

        Browser browser = new Browser();
        HttpResponse<String> page = browser.get(baseUrl + "/profile");
        HttpResponse<String> loginPage = browser.follow(page);
        String requestId = Browser.formFields(loginPage.body()).get("requestId");
        String response = idp.response(user.get("Username").asText()).attributes(stillSent)
                .inResponseTo(requestId).build();
        HttpResponse<String> acs = browser.post(baseUrl + "/saml/acs",
                Map.of("SAMLResponse", response, "RelayState", "/profile"));

        assertEquals(403, acs.statusCode(), acs.body());
        assertTrue(browser.cookie("intranet_session").isEmpty(), "no session for a deactivated user");
        assertFalse(users.findById(id).orElseThrow().record().active(), "a login never reactivates a user");
    }

    @Test
    void knownUserSignsInWithoutUserId() throws Exception {
        connector.request("direct:full-import", SyncRun.class);
        ObjectNode user = staffUser(4);
        String username = user.get("Username").asText();
        Browser browser = new Browser();
        HttpResponse<String> page = browser.get(baseUrl + "/profile");
        String requestId = Browser.formFields(browser.follow(page).body()).get("requestId");
        String response = idp.response(username).attributes(Map.of("email", List.of(user.get("Email").asText())))
                .inResponseTo(requestId).build();

        HttpResponse<String> acs = browser.post(baseUrl + "/saml/acs",
                Map.of("SAMLResponse", response, "RelayState", "/profile"));

        assertEquals(303, acs.statusCode(), acs.body());
        assertTrue(browser.cookie("intranet_session").isPresent(), "the imported user is found by username");
    }

    @Test
    void importedPortalUserRefused() throws Exception {
        ObjectNode portal = salesforce.org().addUser(Map.of("Username", "partner@customer.example",
                "Email", "partner@customer.example", "LastName", "Partner", "IsActive", true,
                "UserType", "PowerCustomerSuccess"));
        connector.request("direct:full-import", SyncRun.class);
        Map<String, List<String>> attributes = new LinkedHashMap<>(
                attributesOf(portal.get("Username").asText()).orElseThrow());
        attributes.put("is_portal_user", List.of("false"));
        Browser browser = new Browser();
        String requestId = Browser.formFields(browser.follow(browser.get(baseUrl + "/profile")).body()).get("requestId");
        String response = idp.response(portal.get("Username").asText()).attributes(attributes)
                .inResponseTo(requestId).build();

        HttpResponse<String> acs = browser.post(baseUrl + "/saml/acs",
                Map.of("SAMLResponse", response, "RelayState", "/profile"));

        assertEquals(403, acs.statusCode(), acs.body());
        assertTrue(browser.cookie("intranet_session").isEmpty(), "the stored user type marks a portal user");
    }

    @Test
    void metadataFileNamedWhenMissing() throws Exception {
        Path missing = tempDir.resolve("nowhere.xml");
        Map<String, String> properties = ConnectorHarness.defaults(salesforce);
        properties.put("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml");
        properties.put("http.port", String.valueOf(SsoTestEnvironment.freePort()));
        properties.put("saml.idp-metadata", missing.toString());
        assertFalse(Files.exists(missing));

        Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> ConnectorHarness.start(properties, true).close());

        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        String message = messages.stream().filter(m -> m.contains("saml.idp-metadata")).findFirst()
                .orElseThrow(() -> new AssertionError("no message names saml.idp-metadata: " + messages));
        assertTrue(message.contains(missing.toString()), message);
    }
}
