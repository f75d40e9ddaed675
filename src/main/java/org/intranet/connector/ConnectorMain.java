package org.intranet.connector;

import org.apache.camel.main.Main;

/** Starts the connector: loads the settings, the beans and every YAML route, and runs until stopped. */
public final class ConnectorMain {

    private ConnectorMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(ConnectorMain.class);
        main.configure().addConfiguration(ConnectorConfiguration.class);
        main.run(args);
    }
}
