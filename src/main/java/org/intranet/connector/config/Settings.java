package org.intranet.connector.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed access to the connector's settings. Values come from Camel's properties: the
 * {@code application.properties} file, overridden by environment variables (the key in
 * upper case with dots and dashes as underscores, e.g. {@code STORE_JDBC_URL}) and by JVM
 * system properties. Secrets are read from the environment or from the file named by
 * {@code connector.secrets-file}, never from {@code application.properties}.
 */
public final class Settings {

    private final PropertiesComponent properties;
    private final Properties secrets;

    private Settings(PropertiesComponent properties, Properties secrets) {
        this.properties = properties;
        this.secrets = secrets;
    }

    public static Settings of(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Properties secrets = new Properties();
        Optional<String> file = properties.resolveProperty("connector.secrets-file").filter(s -> !s.isBlank());
        if (file.isPresent()) {
            Path path = Path.of(file.get());
            try (Reader reader = Files.newBufferedReader(path)) {
                secrets.load(reader);
            } catch (IOException e) {
                throw new ConfigurationException("connector.secrets-file: cannot read '" + path + "' ("
                        + e.getClass().getSimpleName() + "). Point it at a readable properties file, or unset it "
                        + "and pass secrets as environment variables.", e);
            }
        }
        return new Settings(properties, secrets);
    }

    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::strip).filter(s -> !s.isEmpty());
    }

    public String text(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public String required(String key, String hint) {
        return optional(key).orElseThrow(() -> new ConfigurationException(key + " is not set. " + hint));
    }

    /**
     * Returns a secret from the secrets file, the environment or a JVM system property, in
     * that order. A secret found only in a properties file stops start-up, so that a password
     * committed with application.properties is noticed instead of used. Messages about
     * secrets name the key and never the value.
     */
    public Optional<String> secret(String key) {
        String fromFile = secrets.getProperty(key);
        if (fromFile != null && !fromFile.isBlank()) {
            return Optional.of(fromFile.strip());
        }
        String fromEnvironment = System.getenv(environmentName(key));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment);
        }
        String fromSystem = System.getProperty(key);
        if (fromSystem != null && !fromSystem.isBlank()) {
            return Optional.of(fromSystem);
        }
        if (optional(key).isPresent()) {
            throw new ConfigurationException(key + " is set in a properties file, where secrets are not read. "
                    + "Remove it there and pass it as " + environmentName(key) + " or in connector.secrets-file.");
        }
        return Optional.empty();
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + "=" + value.get() + " is invalid: expected a whole number from "
                    + min + " to " + max + ".");
        }
    }

    public double decimal(String key, double defaultValue, double min, double max) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value.get());
            if (!(parsed >= min && parsed <= max)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + "=" + value.get() + " is invalid: expected a number from "
                    + min + " to " + max + ".");
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if ("true".equalsIgnoreCase(value.get()) || "false".equalsIgnoreCase(value.get())) {
            return Boolean.parseBoolean(value.get());
        }
        throw new ConfigurationException(key + "=" + value.get() + " is invalid: expected true or false.");
    }

    public Duration duration(String key, Duration defaultValue) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Duration.parse(value.get());
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(key + "=" + value.get() + " is invalid: expected an ISO-8601 "
                    + "duration such as PT60S or PT8H.");
        }
    }

    /** Returns the environment variable that overrides a key: {@code store.jdbc-url} becomes {@code STORE_JDBC_URL}. */
    public static String environmentName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
