package org.intranet.connector.simulator;

import org.intranet.connector.ConnectorMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: starts the Salesforce simulator with the sample org on loopback, then the
 * connector on the embedded H2 store under ./data, pointed at the simulator. The connector
 * imports the sample org at first start and then runs on its schedule until stopped.
 *
 * <p>The simulator's fixed demo credentials are passed as system properties; a real
 * deployment passes secrets as environment variables instead.
 */
public final class DemoMain {

    private static final Logger LOG = LoggerFactory.getLogger(DemoMain.class);

    /** Port of the simulator; override with -Ddemo.salesforce-port. */
    private static final int DEFAULT_SALESFORCE_PORT = 18443;

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("demo.salesforce-port", DEFAULT_SALESFORCE_PORT);
        SimulatedOrg org = SimulatedOrg.sample();
        SalesforceSimulator salesforce = SalesforceSimulator.start(org, port);
        LOG.info("Demo: Salesforce simulator with {} users ({} active) at {}", org.size(), org.activeCount(),
                salesforce.baseUrl());

        setDefault("salesforce.login-url", salesforce.baseUrl());
        setDefault("salesforce.client-id", SalesforceSimulator.CLIENT_ID);
        setDefault("salesforce.client-secret", SalesforceSimulator.CLIENT_SECRET);
        setDefault("salesforce.username", SalesforceSimulator.USERNAME);
        setDefault("salesforce.password", SalesforceSimulator.PASSWORD);
        ConnectorMain.main(args);
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
