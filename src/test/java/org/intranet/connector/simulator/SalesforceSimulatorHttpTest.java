package org.intranet.connector.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks the simulator's wire format with a plain HTTP client, including cases camel-salesforce hides. */
class SalesforceSimulatorHttpTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private SalesforceSimulator simulator;

    @BeforeEach
    void start() {
        simulator = SalesforceSimulator.start(SimulatedOrg.generate(11, 30));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void passwordGrantReturnsSalesforceShapedToken() throws Exception {
        HttpResponse<String> response = token(Map.of("grant_type", "password", "client_id", SalesforceSimulator.CLIENT_ID,
                "client_secret", SalesforceSimulator.CLIENT_SECRET, "username", SalesforceSimulator.USERNAME,
                "password", SalesforceSimulator.PASSWORD));

        assertEquals(200, response.statusCode());
        JsonNode body = MAPPER.readTree(response.body());
        assertTrue(body.get("access_token").asText().startsWith("00Dxx0000009zQk!"));
        assertEquals(simulator.baseUrl(), body.get("instance_url").asText());
        assertEquals(simulator.baseUrl() + "/id/00Dxx0000009zQkEAI/" + SimulatedOrg.API_USER_ID,
                body.get("id").asText());
        assertEquals("Bearer", body.get("token_type").asText());
        assertTrue(body.get("issued_at").isTextual());
        assertTrue(body.get("signature").asText().endsWith("="));
        assertEquals(1, simulator.loginCount());
        assertEquals(0, simulator.apiCallCount());
    }

    @Test
    void wrongCredentialsAreRejected() throws Exception {
        HttpResponse<String> badPassword = token(Map.of("grant_type", "password", "client_id",
                SalesforceSimulator.CLIENT_ID, "client_secret", SalesforceSimulator.CLIENT_SECRET, "username",
                SalesforceSimulator.USERNAME, "password", "wrong"));
        assertEquals(400, badPassword.statusCode());
        assertEquals("invalid_grant", MAPPER.readTree(badPassword.body()).get("error").asText());
        assertEquals("authentication failure",
                MAPPER.readTree(badPassword.body()).get("error_description").asText());

        HttpResponse<String> badClient = token(Map.of("grant_type", "password", "client_id", "other",
                "client_secret", SalesforceSimulator.CLIENT_SECRET, "username", SalesforceSimulator.USERNAME,
                "password", SalesforceSimulator.PASSWORD));
        assertEquals(400, badClient.statusCode());
        assertEquals("invalid_client_id", MAPPER.readTree(badClient.body()).get("error").asText());

        HttpResponse<String> badGrant = token(Map.of("grant_type", "authorization_code"));
        assertEquals("unsupported_grant_type", MAPPER.readTree(badGrant.body()).get("error").asText());
        assertEquals(0, simulator.loginCount());
    }

    @Test
    void dataCallsNeedValidToken() throws Exception {
        HttpResponse<String> noToken = get("/services/data/v59.0/query?q=" + encode("SELECT Id FROM User"), null, null);
        assertEquals(401, noToken.statusCode());
        assertEquals("INVALID_SESSION_ID", MAPPER.readTree(noToken.body()).get(0).get("errorCode").asText());

        String token = login();
        HttpResponse<String> revoke = http.send(HttpRequest.newBuilder(
                URI.create(simulator.baseUrl() + "/services/oauth2/revoke?token=" + encode(token))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, revoke.statusCode());
        assertEquals(401, get("/services/data/v59.0/", token, null).statusCode());
        assertEquals(2, simulator.apiCallCount());
    }

    @Test
    void versionsResourcesAndLimits() throws Exception {
        String token = login();
        JsonNode versions = MAPPER.readTree(get("/services/data/", token, null).body());
        assertTrue(versions.isArray());
        assertEquals("/services/data/v56.0", versions.get(0).get("url").asText());

        JsonNode resources = MAPPER.readTree(get("/services/data/v59.0/", token, null).body());
        assertEquals("/services/data/v59.0/query", resources.get("query").asText());

        JsonNode limits = MAPPER.readTree(get("/services/data/v59.0/limits", token, null).body());
        assertEquals(RestApiServlet.DAILY_API_LIMIT - 3, limits.at("/DailyApiRequests/Remaining").asInt());

        assertEquals(404, get("/services/data/v59.0/sobjects/Account/001", token, null).statusCode());
    }

    @Test
    void queryResultIsSnapshot() throws Exception {
        String token = login();
        String firstId = simulator.org().users().get(0).get("Id").asText();
        HttpResponse<String> first = get("/services/data/v59.0/query?q=" + encode("SELECT Id, Title FROM User"
                + " ORDER BY Id"), token, "batchSize=10");
        JsonNode page1 = MAPPER.readTree(first.body());
        assertEquals(30, page1.get("totalSize").asInt());

        simulator.org().addUser(Map.of("LastName", "Late"));
        simulator.org().update(simulator.org().users().get(29).get("Id").asText(), Map.of("Title", "Changed"));
        JsonNode page2 = MAPPER.readTree(get(page1.get("nextRecordsUrl").asText(), token, null).body());
        JsonNode page3 = MAPPER.readTree(get(page2.get("nextRecordsUrl").asText(), token, null).body());

        assertEquals(30, page3.get("totalSize").asInt());
        assertTrue(page3.get("done").asBoolean());
        assertFalse(page3.has("nextRecordsUrl"));
        assertEquals(10, page3.get("records").size());
        page3.get("records").forEach(record -> assertFalse("Changed".equals(record.get("Title").asText())));
        assertEquals(firstId, page1.get("records").get(0).get("Id").asText());
    }

    @Test
    void unknownLocatorIsInvalidQueryLocator() throws Exception {
        String token = login();
        HttpResponse<String> response = get("/services/data/v59.0/query/0r8xx0000000001AAA-10", token, null);

        assertEquals(400, response.statusCode());
        assertEquals("INVALID_QUERY_LOCATOR", MAPPER.readTree(response.body()).get(0).get("errorCode").asText());
    }

    @Test
    void getUserRecordById() throws Exception {
        String token = login();
        String id = simulator.org().users().get(3).get("Id").asText();

        JsonNode user = MAPPER.readTree(get("/services/data/v59.0/sobjects/User/" + id, token, null).body());

        assertEquals("User", user.at("/attributes/type").asText());
        assertEquals(id, user.get("Id").asText());
        assertTrue(user.has("SystemModstamp"));
        assertEquals(404, get("/services/data/v59.0/sobjects/User/005dM00000zzzzzAAA", token, null).statusCode());
    }

    @Test
    void delayedCallStillSucceeds() throws Exception {
        String token = login();
        simulator.faults().delayCall(1, Duration.ofMillis(300));
        Instant before = Instant.now();

        HttpResponse<String> response = get("/services/data/v59.0/limits", token, null);

        assertEquals(200, response.statusCode());
        assertTrue(Duration.between(before, Instant.now()).toMillis() >= 300);
    }

    private String login() throws Exception {
        HttpResponse<String> response = token(Map.of("grant_type", "password", "client_id",
                SalesforceSimulator.CLIENT_ID, "client_secret", SalesforceSimulator.CLIENT_SECRET, "username",
                SalesforceSimulator.USERNAME, "password", SalesforceSimulator.PASSWORD));
        return MAPPER.readTree(response.body()).get("access_token").asText();
    }

    private HttpResponse<String> token(Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((key, value) -> body.append(body.length() == 0 ? "" : "&").append(key).append('=')
                .append(encode(value)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token, String queryOptions) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (queryOptions != null) {
            request.header("Sforce-Query-Options", queryOptions);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
