package org.intranet.connector.support;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.intranet.connector.ConnectorConfiguration;
import org.intranet.connector.saml.SamlConfiguration;
import org.intranet.connector.simulator.SalesforceSimulator;

/**
 * The assembled connector (camel-main, every YAML route, the real camel-salesforce client)
 * started against a Salesforce simulator, for tests.
 */
public final class ConnectorHarness implements AutoCloseable {

    /** Keys the connector treats as secrets. */
    private static final List<String> SECRET_KEYS = List.of("salesforce.password", "salesforce.client-secret",
            "salesforce.jwt.keystore-password", "store.password");

    private final Main main;
    private final ProducerTemplate template;

    private ConnectorHarness(Main main) {
        this.main = main;
        this.template = main.getCamelContext().createProducerTemplate();
    }

    /** Properties that point the connector at the simulator and an in-memory H2 store, without the start-up import. */
    public static Map<String, String> defaults(SalesforceSimulator simulator) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("store.jdbc-url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        properties.put("salesforce.login-url", simulator.baseUrl());
        properties.put("salesforce.client-id", SalesforceSimulator.CLIENT_ID);
        properties.put("salesforce.client-secret", SalesforceSimulator.CLIENT_SECRET);
        properties.put("salesforce.username", SalesforceSimulator.USERNAME);
        properties.put("salesforce.password", SalesforceSimulator.PASSWORD);
        properties.put("sync.startup-import", "never");
        properties.put("camel.main.jmx-enabled", "false");
        properties.put("camel.main.routes-include-pattern", "classpath:routes/salesforce-*.camel.yaml,"
                + "classpath:routes/directory-*.camel.yaml");
        return properties;
    }

    public static ConnectorHarness start(Map<String, String> properties) throws Exception {
        return start(properties, false);
    }

    /** Starts the directory and, with {@code singleSignOn}, the SAML endpoints too, as ConnectorMain does. */
    public static ConnectorHarness start(Map<String, String> properties, boolean singleSignOn) throws Exception {
        Map<String, String> settings = moveSecretsToFile(properties);
        Main main = new Main();
        main.configure().addConfiguration(ConnectorConfiguration.class);
        if (singleSignOn) {
            main.configure().addConfiguration(SamlConfiguration.class);
        }
        Properties initial = new Properties();
        initial.putAll(settings);
        main.setOverrideProperties(initial);
        main.start();
        return new ConnectorHarness(main);
    }

    /**
     * Writes the secret keys among the properties to a temporary secrets file named by
     * connector.secrets-file, because the connector reads secrets only from there, the
     * environment or system properties. Properties that name a secrets file already are left
     * as they are.
     */
    private static Map<String, String> moveSecretsToFile(Map<String, String> properties) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>(properties);
        if (settings.containsKey("connector.secrets-file")) {
            return settings;
        }
        Properties secrets = new Properties();
        for (String key : SECRET_KEYS) {
            String value = settings.remove(key);
            if (value != null) {
                secrets.setProperty(key, value);
            }
        }
        if (!secrets.isEmpty()) {
            Path file = Files.createTempFile("connector-secrets", ".properties");
            file.toFile().deleteOnExit();
            try (Writer writer = Files.newBufferedWriter(file)) {
                secrets.store(writer, null);
            }
            settings.put("connector.secrets-file", file.toString());
        }
        return settings;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    /** Sends to a direct endpoint and returns the reply body. */
    public <T> T request(String endpoint, Class<T> type) {
        return template.requestBody(endpoint, "", type);
    }

    @Override
    public void close() throws Exception {
        template.close();
        main.stop();
    }
}
