package org.intranet.connector.config;

/** An invalid setting. The message names the key, the value and the fix; start-up stops with it. */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
