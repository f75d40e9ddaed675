package org.intranet.connector.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.intranet.connector.ConnectorMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: starts the Salesforce simulator with the sample org and a test SAML identity
 * provider shaped like Salesforce's, both on loopback, then the connector on the embedded H2
 * store under ./data, pointed at both. The connector imports the sample org at first start,
 * serves single sign-on on http://127.0.0.1:8080/, and runs on its schedule until stopped.
 *
 * <p>The simulator's fixed demo credentials are passed as system properties; a real
 * deployment passes secrets as environment variables instead.
 */
public final class DemoMain {

    private static final Logger LOG = LoggerFactory.getLogger(DemoMain.class);

    /** Ports on 127.0.0.1; override with DEMO_SALESFORCE_PORT and DEMO_IDP_PORT in the environment. */
    private static final int DEFAULT_SALESFORCE_PORT = 18443;
    private static final int DEFAULT_IDP_PORT = 18444;

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        SimulatedOrg org = SimulatedOrg.sample();
        SalesforceSimulator salesforce = SalesforceSimulator.start(org,
                port("DEMO_SALESFORCE_PORT", DEFAULT_SALESFORCE_PORT));
        LOG.info("Demo: Salesforce simulator with {} users ({} active) at {}", org.size(), org.activeCount(),
                salesforce.baseUrl());

        String httpPort = System.getProperty("http.port", System.getenv().getOrDefault("HTTP_PORT", "8080"));
        String intranet = "http://127.0.0.1:" + httpPort;
        TestIdentityProvider idp = new TestIdentityProvider(username -> samlAttributes(org, username))
                .start(port("DEMO_IDP_PORT", DEFAULT_IDP_PORT))
                .serviceProvider(intranet + "/saml/acs", intranet + "/saml/metadata");
        Path metadata = idp.writeMetadata(Files.createDirectories(Path.of("data")).resolve("demo-idp-metadata.xml"));
        String someone = org.users().stream().filter(u -> u.path("IsActive").asBoolean())
                .filter(u -> "Standard".equals(u.path("UserType").asText())).skip(42)
                .map(u -> u.get("Username").asText()).findFirst().orElse("");
        LOG.info("Demo: test identity provider at {}. Open {}/ to sign in (for example as {}), or {}/idp/app-launcher "
                + "to start from the Salesforce side", idp.baseUrl(), intranet, someone, idp.baseUrl());

        setDefault("salesforce.login-url", salesforce.baseUrl());
        setDefault("salesforce.client-id", SalesforceSimulator.CLIENT_ID);
        setDefault("salesforce.client-secret", SalesforceSimulator.CLIENT_SECRET);
        setDefault("salesforce.username", SalesforceSimulator.USERNAME);
        setDefault("salesforce.password", SalesforceSimulator.PASSWORD);
        setDefault("http.external-base-url", intranet);
        setDefault("saml.idp-metadata", metadata.toString());
        ConnectorMain.main(args);
    }

    /**
     * Returns the attributes Salesforce would put in an assertion for this user: the standard
     * userId, username, email and is_portal_user, plus Title and Department as custom
     * attributes. Inactive users get none, because Salesforce does not let them sign in.
     */
    static Optional<Map<String, List<String>>> samlAttributes(SimulatedOrg org, String username) {
        Optional<ObjectNode> user = org.users().stream()
                .filter(u -> username.equalsIgnoreCase(u.path("Username").asText()))
                .findFirst();
        if (user.isEmpty() || !user.get().path("IsActive").asBoolean()) {
            return Optional.empty();
        }
        JsonNode record = user.get();
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("userId", List.of(record.get("Id").asText()));
        attributes.put("username", List.of(record.get("Username").asText()));
        attributes.put("email", List.of(record.path("Email").asText("")));
        attributes.put("is_portal_user", List.of(String.valueOf(!"Standard".equals(record.path("UserType").asText()))));
        for (String field : List.of("Title", "Department")) {
            if (record.hasNonNull(field)) {
                attributes.put(field, List.of(record.get(field).asText()));
            }
        }
        return Optional.of(attributes);
    }

    private static int port(String variable, int defaultPort) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + "=" + value + " is invalid: expected a port number");
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
