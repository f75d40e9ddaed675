package org.intranet.connector.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of the single sign-on settings and the defaults shipped in application.properties. */
class SamlSettingsTest {

    private static SamlSettings load(Map<String, String> values) {
        return SamlSettings.load(key -> Optional.ofNullable(values.get(key)));
    }

    private static Map<String, String> minimal() throws Exception {
        Path metadata = Files.createTempFile("idp", ".xml");
        Map<String, String> values = new HashMap<>();
        values.put("saml.idp-metadata", metadata.toString());
        return values;
    }

    @Test
    void defaults() throws Exception {
        SamlSettings settings = load(minimal());

        assertEquals("127.0.0.1", settings.httpHost());
        assertEquals(8080, settings.httpPort());
        assertEquals("http://127.0.0.1:8080", settings.externalBaseUrl());
        assertEquals("http://127.0.0.1:8080/saml/acs", settings.acsUrl());
        assertEquals("http://127.0.0.1:8080/saml/metadata", settings.spEntityId());
        assertEquals(Duration.ofSeconds(60), settings.clockSkew());
        assertEquals(Duration.ofHours(8), settings.sessionLifetime());
        assertTrue(settings.allowUnsolicited());
        assertTrue(settings.jitProvisioning());
        assertEquals(UserIdentifier.DEFAULT, settings.userIdentifier());
        assertEquals(131072, settings.maxResponseBytes());
    }

    @Test
    void shippedPropertiesFileLoads() throws Exception {
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        Map<String, String> values = minimal();
        shipped.forEach((key, value) -> values.putIfAbsent(key.toString(), value.toString()));
        SamlSettings settings = load(values);
        assertEquals(8080, settings.httpPort());
    }

    @Test
    void httpsBaseUrlMakesCookiesSecure() throws Exception {
        Map<String, String> values = minimal();
        values.put("http.external-base-url", "https://intranet.example.org");
        SamlSettings settings = load(values);
        assertTrue(settings.secureCookies());
        assertEquals("https://intranet.example.org/saml/acs", settings.acsUrl());
    }

    @ParameterizedTest
    @CsvSource({
        "saml.clock-skew, 60, ISO-8601 duration",
        "saml.clock-skew, PT1H, ISO-8601 duration",
        "saml.session-lifetime, forever, ISO-8601 duration",
        "saml.allow-sha1, yes, true or false",
        "http.port, 99999, whole number",
        "http.external-base-url, https://intranet.example.org/, no path",
        "http.external-base-url, ftp://intranet.example.org, absolute http or https URL",
        "saml.user-identifier, email, nameid:FIELD",
        "saml.user-identifier, attribute:Email, FIELD is username",
        "saml.decryption-key, /no/such/file.pem, does not exist",
        "saml.max-response-bytes, 100, whole number"})
    void invalidValueNamesKeyValueAndFix(String key, String value, String fix) throws Exception {
        Map<String, String> values = minimal();
        values.put(key, value);
        SamlSettings.InvalidSettingException error = assertThrows(SamlSettings.InvalidSettingException.class,
                () -> load(values));
        assertTrue(error.getMessage().contains(key + "='" + value + "'"), error.getMessage());
        assertTrue(error.getMessage().contains(fix), error.getMessage());
    }

    @Test
    void missingMetadataNamesKey() {
        SamlSettings.InvalidSettingException error = assertThrows(SamlSettings.InvalidSettingException.class,
                () -> load(Map.of()));
        assertTrue(error.getMessage().contains("saml.idp-metadata=(not set)"), error.getMessage());
    }

    @Test
    void signedRequestsNeedKeyFiles() throws Exception {
        Map<String, String> values = minimal();
        values.put("saml.sign-requests", "true");
        SamlSettings.InvalidSettingException error = assertThrows(SamlSettings.InvalidSettingException.class,
                () -> load(values));
        assertTrue(error.getMessage().contains("saml.sp-signing-key"), error.getMessage());
    }

    @Test
    void userIdentifierSyntax() {
        assertEquals(new UserIdentifier(null, UserIdentifier.Field.FEDERATION_ID),
                UserIdentifier.parse("nameid:federationId"));
        assertEquals(new UserIdentifier("userId", UserIdentifier.Field.USER_ID), UserIdentifier.parse("attribute:userId"));
        assertEquals(new UserIdentifier("FederationIdentifier", UserIdentifier.Field.FEDERATION_ID),
                UserIdentifier.parse("attribute:FederationIdentifier:federationId"));
    }
}
