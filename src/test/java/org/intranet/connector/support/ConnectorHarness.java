package org.intranet.connector.support;

import java.util.LinkedHashMap;
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
        Main main = new Main();
        main.configure().addConfiguration(ConnectorConfiguration.class);
        if (singleSignOn) {
            main.configure().addConfiguration(SamlConfiguration.class);
        }
        Properties initial = new Properties();
        initial.putAll(properties);
        main.setOverrideProperties(initial);
        main.start();
        return new ConnectorHarness(main);
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
