package org.intranet.connector.saml;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Validated single sign-on settings. {@link #load} reads them from Camel properties and rejects a bad value with a
 * message that names the key, the value and the fix.
 *
 * @param externalBaseUrl the URL users see, without a trailing slash; ACS URL and Destination checks use it
 */
public record SamlSettings(
        String httpHost,
        int httpPort,
        String externalBaseUrl,
        Path idpMetadata,
        String spEntityId,
        Duration clockSkew,
        Duration sessionLifetime,
        Duration requestLifetime,
        boolean allowUnsolicited,
        UserIdentifier userIdentifier,
        boolean jitProvisioning,
        boolean allowPortalUsers,
        boolean allowSha1,
        boolean signRequests,
        Path spSigningKey,
        Path spSigningCertificate,
        Path decryptionKey,
        Path decryptionCertificate,
        boolean sloRedirect,
        int maxResponseBytes) {

    public static final String ACS_PATH = "/saml/acs";
    public static final String LOGIN_PATH = "/saml/login";
    public static final String METADATA_PATH = "/saml/metadata";
    public static final String LOGOUT_PATH = "/saml/logout";

    /** URL of the assertion consumer service as the IdP and the browser see it. */
    public String acsUrl() {
        return externalBaseUrl + ACS_PATH;
    }

    /** True when users reach the connector over HTTPS, so cookies get the Secure attribute. */
    public boolean secureCookies() {
        return externalBaseUrl.startsWith("https://");
    }

    /** Reads and validates all settings; {@code property} returns the raw value of a key when it is set. */
    public static SamlSettings load(Function<String, Optional<String>> property) {
        Reader reader = new Reader(property);
        String host = reader.text("http.host", "127.0.0.1");
        int port = reader.integer("http.port", 8080, 1, 65535);
        String externalBaseUrl = reader.baseUrl("http.external-base-url", "http://" + host + ":" + port);
        Path metadata = reader.readableFile("saml.idp-metadata", true);
        String entityId = reader.text("saml.sp-entity-id", externalBaseUrl + METADATA_PATH);
        Duration clockSkew = reader.duration("saml.clock-skew", "PT60S", Duration.ZERO, Duration.ofMinutes(10));
        Duration sessionLifetime = reader.duration("saml.session-lifetime", "PT8H", Duration.ofMinutes(1),
                Duration.ofDays(7));
        Duration requestLifetime = reader.duration("saml.request-lifetime", "PT10M", Duration.ofMinutes(1),
                Duration.ofHours(1));
        boolean allowUnsolicited = reader.bool("saml.allow-unsolicited", true);
        UserIdentifier identifier = reader.userIdentifier("saml.user-identifier");
        boolean jit = reader.bool("saml.jit-provisioning", true);
        boolean portal = reader.bool("saml.allow-portal-users", false);
        boolean sha1 = reader.bool("saml.allow-sha1", false);
        boolean signRequests = reader.bool("saml.sign-requests", false);
        Path signingKey = reader.readableFile("saml.sp-signing-key", signRequests);
        Path signingCertificate = reader.readableFile("saml.sp-signing-certificate", signRequests);
        Path decryptionKey = reader.readableFile("saml.decryption-key", false);
        Path decryptionCertificate = reader.readableFile("saml.decryption-certificate", false);
        boolean sloRedirect = reader.bool("saml.slo-redirect", false);
        int maxResponseBytes = reader.integer("saml.max-response-bytes", 131072, 4096, 10 * 1024 * 1024);
        return new SamlSettings(host, port, externalBaseUrl, metadata, entityId, clockSkew, sessionLifetime,
                requestLifetime, allowUnsolicited, identifier, jit, portal, sha1, signRequests, signingKey,
                signingCertificate, decryptionKey, decryptionCertificate, sloRedirect, maxResponseBytes);
    }

    /** Raised for a setting that is missing or invalid; the message names key, value and fix. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidSettingException(String key, String value, String fix) {
            super("Invalid setting " + key + "=" + (value == null ? "(not set)" : "'" + value + "'") + ": " + fix);
        }
    }

    private static final class Reader {
        private final Function<String, Optional<String>> property;

        Reader(Function<String, Optional<String>> property) {
            this.property = property;
        }

        private Optional<String> raw(String key) {
            return property.apply(key).map(String::strip).filter(value -> !value.isEmpty());
        }

        String text(String key, String defaultValue) {
            return raw(key).orElse(defaultValue);
        }

        int integer(String key, int defaultValue, int min, int max) {
            Optional<String> value = raw(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value.get());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidSettingException(key, value.get(),
                    "set a whole number from " + min + " to " + max + " (default " + defaultValue + ").");
        }

        boolean bool(String key, boolean defaultValue) {
            Optional<String> value = raw(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            String lower = value.get().toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("false")) {
                return Boolean.parseBoolean(lower);
            }
            throw new InvalidSettingException(key, value.get(), "set true or false (default " + defaultValue + ").");
        }

        Duration duration(String key, String defaultValue, Duration min, Duration max) {
            String value = raw(key).orElse(defaultValue);
            try {
                Duration parsed = Duration.parse(value);
                if (parsed.compareTo(min) >= 0 && parsed.compareTo(max) <= 0) {
                    return parsed;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            throw new InvalidSettingException(key, value, "set an ISO-8601 duration from " + min + " to " + max
                    + ", such as " + defaultValue + " (the default).");
        }

        String baseUrl(String key, String defaultValue) {
            String value = raw(key).orElse(defaultValue);
            String fix = "set the absolute http or https URL that users open, with host and optional port but no path,"
                    + " query or trailing slash, for example https://intranet.example.org.";
            try {
                URI uri = new URI(value);
                boolean schemeOk = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
                boolean pathEmpty = uri.getRawPath() == null || uri.getRawPath().isEmpty();
                if (schemeOk && uri.getHost() != null && pathEmpty && uri.getRawQuery() == null
                        && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                    return value;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new InvalidSettingException(key, value, fix);
        }

        Path readableFile(String key, boolean required) {
            Optional<String> value = raw(key);
            if (value.isEmpty()) {
                if (required) {
                    throw new InvalidSettingException(key, null, requiredFileFix(key));
                }
                return null;
            }
            Path path = Path.of(value.get());
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new InvalidSettingException(key, value.get(),
                        "the file does not exist or is not readable. Set the path of a readable file.");
            }
            return path;
        }

        private static String requiredFileFix(String key) {
            if (key.equals("saml.idp-metadata")) {
                return "set the path of the Salesforce IdP metadata XML file (Setup > Identity Provider > Download"
                        + " Metadata).";
            }
            return "saml.sign-requests=true needs a PEM file here. Set its path, or set saml.sign-requests=false.";
        }

        UserIdentifier userIdentifier(String key) {
            Optional<String> value = raw(key);
            if (value.isEmpty()) {
                return UserIdentifier.DEFAULT;
            }
            try {
                return UserIdentifier.parse(value.get());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(key, value.get(), e.getMessage());
            }
        }
    }
}
