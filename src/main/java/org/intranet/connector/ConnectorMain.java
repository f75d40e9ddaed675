package org.intranet.connector;

import java.net.BindException;

import org.apache.camel.main.Main;
import org.intranet.connector.config.ConfigurationException;
import org.intranet.connector.mapping.MappingException;
import org.intranet.connector.saml.SamlConfiguration;
import org.intranet.connector.saml.SamlSettings;
import org.intranet.connector.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the connector: loads the settings, the beans and every YAML route, and runs until stopped. */
public final class ConnectorMain {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorMain.class);

    /** Exit status when start-up stops on an invalid setting, mapping file or unreachable store. */
    static final int EXIT_CONFIGURATION = 2;

    private ConnectorMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        // The directory beans first: single sign-on looks up the store and the user directory.
        main.configure().addConfiguration(ConnectorConfiguration.class);
        main.configure().addConfiguration(SamlConfiguration.class);
        int status;
        try {
            status = main.run(args);
        } catch (RuntimeException e) {
            String problem = startupProblem(e);
            if (problem == null) {
                throw e;
            }
            // The message names the setting or file and the fix; a stack trace would only bury it.
            LOG.error("Start-up stopped: {}", problem);
            status = EXIT_CONFIGURATION;
        }
        System.exit(status);
    }

    /**
     * Returns the message for a start-up failure that the operator can fix (a setting, the
     * mapping file, the store, a port in use), or null when it is something else.
     */
    static String startupProblem(Throwable failure) {
        RuntimeException configuration = configurationProblem(failure);
        if (configuration != null) {
            return configuration.getMessage();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException || (t.getCause() instanceof BindException)) {
                return "cannot listen for HTTP: " + t.getMessage() + ". Another process holds the port: stop it, "
                        + "or set http.port (HTTP_PORT) to a free port.";
            }
        }
        return null;
    }

    /** Returns the configuration problem behind a start-up failure, or null when it is something else. */
    static RuntimeException configurationProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException || t instanceof MappingException || t instanceof StoreException
                    || t instanceof SamlSettings.InvalidSettingException) {
                return (RuntimeException) t;
            }
        }
        return null;
    }
}
