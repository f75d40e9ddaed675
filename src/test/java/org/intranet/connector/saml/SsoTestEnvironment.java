package org.intranet.connector.saml;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.camel.main.Main;

import org.intranet.connector.simulator.TestIdentityProvider;
import org.intranet.connector.store.SsoStateRepository;
import org.intranet.connector.store.StoreDatabases;

/**
 * The connector's SAML and page routes on camel-main with a loopback port, an H2 database with the V2 schema, an
 * in-memory user directory and a {@link TestIdentityProvider}. Known users: alice (staff), bob (staff, not imported,
 * so he is provisioned just in time), carol (deactivated), paul (portal user, stored as one and marked by the
 * is_portal_user attribute) and "admin@intranet.example" (staff).
 */
public final class SsoTestEnvironment implements AutoCloseable {

    public static final String ALICE_ID = "005000000000001AAA";
    public static final String BOB_ID = "005000000000002AAA";
    public static final String CAROL_ID = "005000000000003AAA";
    public static final String PAUL_ID = "005000000000004AAA";
    public static final String ADMIN_ID = "005000000000005AAA";
    public static final String EVIL_ID = "005000000000006AAA";

    private static final Map<String, String[]> ORG = Map.of(
            "alice@intranet.example", new String[] {ALICE_ID, "Alice <Admin> O'Hara", "false"},
            "bob@intranet.example", new String[] {BOB_ID, "Bob Builder", "false"},
            "carol@intranet.example", new String[] {CAROL_ID, "Carol Gone", "false"},
            "paul@partner.example", new String[] {PAUL_ID, "Paul Portal", "true"},
            "admin@intranet.example", new String[] {ADMIN_ID, "Intranet Admin", "false"},
            "admin@intranet.example.evil.com", new String[] {EVIL_ID, "Evil Twin", "false"});

    public final Path directory;
    public final TestIdentityProvider idp;
    public final InMemoryUserDirectory users = new InMemoryUserDirectory();
    public final DataSource dataSource;
    public final SsoStateRepository repository;
    public final int port;
    public final String baseUrl;
    private final Main main;

    /** Starts everything; {@code overrides} are extra Camel properties such as saml.allow-sha1=true. */
    public SsoTestEnvironment(Map<String, String> overrides) throws Exception {
        directory = Files.createTempDirectory("sso-test");
        idp = new TestIdentityProvider(SsoTestEnvironment::attributesOf).start(0);
        port = freePort();
        baseUrl = "http://127.0.0.1:" + port;
        idp.serviceProvider(baseUrl + "/saml/acs", baseUrl + "/saml/metadata");
        Path metadata = idp.writeMetadata(directory.resolve("idp-metadata.xml"));

        dataSource = newDatabase();
        repository = new SsoStateRepository(dataSource);
        users.put(new LoginUser(ALICE_ID, "alice@intranet.example", "Alice <Admin> O'Hara", true), "alice-fed");
        users.put(new LoginUser(CAROL_ID, "carol@intranet.example", "Carol Gone", false), null);
        users.put(new LoginUser(PAUL_ID, "paul@partner.example", "Paul Portal", true, true), null);
        users.put(new LoginUser(ADMIN_ID, "admin@intranet.example", "Intranet Admin", true), null);

        Map<String, String> properties = new HashMap<>();
        properties.put("http.host", "127.0.0.1");
        properties.put("http.port", Integer.toString(port));
        properties.put("saml.idp-metadata", metadata.toString());
        properties.put("camel.main.routesIncludePattern",
                "classpath:routes/saml-*.camel.yaml,classpath:routes/web-*.camel.yaml");
        properties.put("camel.main.name", "sso-test");
        properties.putAll(overrides);

        main = new Main();
        // Only the properties given here apply, whatever the application.properties on the classpath holds.
        main.setDefaultPropertyPlaceholderLocation("false");
        main.configure().addConfiguration(SamlConfiguration.class);
        main.bind("dataSource", dataSource);
        main.bind("userDirectory", users);
        properties.forEach(main::addOverrideProperty);
        main.start();
    }

    /** Returns the attributes Salesforce would send for the username, or empty for an unknown username. */
    static Optional<Map<String, List<String>>> attributesOf(String username) {
        String[] user = ORG.get(username.toLowerCase(Locale.ROOT));
        if (user == null) {
            return Optional.empty();
        }
        return Optional.of(Map.of(
                "userId", List.of(user[0]),
                "username", List.of(username),
                "email", List.of(username),
                "is_portal_user", List.of(user[2]),
                "Name", List.of(user[1])));
    }

    /** Creates an H2 in-memory database with the connector's schema, from its own migration runner. */
    static DataSource newDatabase() {
        return StoreDatabases.h2().dataSource();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String acsUrl() {
        return baseUrl + "/saml/acs";
    }

    @Override
    public void close() {
        main.stop();
        idp.close();
    }
}
