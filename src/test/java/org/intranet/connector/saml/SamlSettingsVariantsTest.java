package org.intranet.connector.saml;

import static org.intranet.connector.saml.AcsClient.assertRejected;
import static org.intranet.connector.saml.AcsClient.post;
import static org.intranet.connector.saml.AcsClient.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.intranet.connector.saml.SamlRejection.Reason;
import org.intranet.connector.simulator.TestIdentityProvider;

/**
 * The non-default settings: SHA-1 accepted, assertion decryption, unsolicited responses off, just-in-time
 * provisioning off, portal users allowed, the user id attribute as identifier, signed AuthnRequests and single logout.
 */
class SamlSettingsVariantsTest {

    private static SsoTestEnvironment env;
    private static LogCapture logs;
    private static KeyPair spKey;
    private static X509Certificate spCertificate;

    @BeforeAll
    static void start() throws Exception {
        logs = LogCapture.install();
        java.nio.file.Path keys = java.nio.file.Files.createTempDirectory("sp-keys");
        spKey = TestIdentityProvider.newRsaKeyPair();
        spCertificate = TestIdentityProvider.selfSignedCertificate(spKey, "CN=intranet SP");
        String keyFile = TestIdentityProvider.writePrivateKeyPem(spKey.getPrivate(), keys.resolve("sp.key")).toString();
        String certificateFile = TestIdentityProvider.writeCertificatePem(spCertificate, keys.resolve("sp.crt"))
                .toString();
        env = new SsoTestEnvironment(Map.ofEntries(
                Map.entry("saml.allow-sha1", "true"),
                Map.entry("saml.decryption-key", keyFile),
                Map.entry("saml.decryption-certificate", certificateFile),
                Map.entry("saml.sign-requests", "true"),
                Map.entry("saml.sp-signing-key", keyFile),
                Map.entry("saml.sp-signing-certificate", certificateFile),
                Map.entry("saml.allow-unsolicited", "false"),
                Map.entry("saml.jit-provisioning", "false"),
                Map.entry("saml.allow-portal-users", "true"),
                Map.entry("saml.user-identifier", "attribute:userId"),
                Map.entry("saml.slo-redirect", "true"),
                Map.entry("saml.session-lifetime", "PT2H")));
        env.idp.requireSignedRequests(spCertificate);
    }

    @AfterAll
    static void stop() {
        env.close();
        logs.close();
    }

    private static HttpResponse<String> solicited(Browser browser, String username,
            java.util.function.UnaryOperator<org.intranet.connector.simulator.SamlResponseBuilder> change)
            throws Exception {
        String requestId = startLogin(env, browser, "/profile");
        return post(env, browser, change.apply(env.idp.response(username).inResponseTo(requestId)).build(),
                "/profile");
    }

    @Test
    void sha1AcceptedWhenAllowed() throws Exception {
        HttpResponse<String> response = solicited(new Browser(), "alice@intranet.example", builder -> builder.sha1());
        assertEquals(303, response.statusCode(), response.body());
    }

    @Test
    void encryptedAssertionDecrypted() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> response = solicited(browser, "alice@intranet.example",
                builder -> builder.encryptFor(spCertificate));
        assertEquals(303, response.statusCode(), response.body());
        HttpResponse<String> page = browser.follow(response);
        assertTrue(page.body().contains("Alice"), page.body());
    }

    @Test
    void encryptedAndSignedAssertionDecrypted() throws Exception {
        HttpResponse<String> response = solicited(new Browser(), "alice@intranet.example",
                builder -> builder.signResponse(false).signAssertion(true).encryptFor(spCertificate));
        assertEquals(303, response.statusCode(), response.body());
    }

    @Test
    void assertionEncryptedForAnotherKey() throws Exception {
        Browser browser = new Browser();
        String requestId = startLogin(env, browser, "/");
        X509Certificate other = TestIdentityProvider.selfSignedCertificate(TestIdentityProvider.newRsaKeyPair(),
                "CN=other");
        assertRejected(env, browser, logs, env.idp.response("alice@intranet.example").inResponseTo(requestId)
                .encryptFor(other).build(), Reason.DECRYPTION_FAILED);
    }

    @Test
    void unsolicitedRejectedWhenDisabled() throws Exception {
        assertRejected(env, logs, env.idp.response("alice@intranet.example").build(),
                Reason.UNSOLICITED_NOT_ALLOWED);
    }

    @Test
    void userNotImportedWithoutJustInTimeProvisioning() throws Exception {
        Browser browser = new Browser();
        String requestId = startLogin(env, browser, "/");
        assertRejected(env, browser, logs, env.idp.response("bob@intranet.example").inResponseTo(requestId).build(),
                Reason.USER_NOT_FOUND);
    }

    @Test
    void portalUserAcceptedWhenAllowed() throws Exception {
        HttpResponse<String> response = solicited(new Browser(), "paul@partner.example", builder -> builder);
        assertEquals(303, response.statusCode(), response.body());
    }

    @Test
    void userIdAttributeIdentifiesUser() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> response = solicited(browser, "alice@intranet.example",
                builder -> builder.nameId("someone-else@intranet.example"));
        assertEquals(303, response.statusCode(), response.body());
        assertTrue(browser.follow(response).body().contains(SsoTestEnvironment.ALICE_ID));
    }

    @Test
    void sessionLifetimeAndSessionNotOnOrAfter() throws Exception {
        HttpResponse<String> longSession = solicited(new Browser(), "alice@intranet.example", builder -> builder);
        assertTrue(longSession.headers().allValues("Set-Cookie").stream()
                .anyMatch(cookie -> cookie.contains("Max-Age=7200")), longSession.headers().toString());

        HttpResponse<String> shortSession = solicited(new Browser(), "alice@intranet.example",
                builder -> builder.sessionNotOnOrAfter(java.time.Instant.now().plusSeconds(600)));
        String cookie = shortSession.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("intranet_session=")).findFirst().orElseThrow();
        int maxAge = Integer.parseInt(cookie.replaceAll(".*Max-Age=(\\d+).*", "$1"));
        assertTrue(maxAge > 590, "SessionNotOnOrAfter sets the session length: " + cookie);
        assertTrue(maxAge <= 600, "SessionNotOnOrAfter shortens the session: " + cookie);
    }

    @Test
    void signedAuthnRequestAcceptedByIdp() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get(env.baseUrl + "/saml/login?RelayState=/");
        String location = Browser.location(login);
        assertTrue(location.contains("&SigAlg="), location);
        assertTrue(location.contains("&Signature="), location);

        HttpResponse<String> loginForm = browser.follow(login);
        assertEquals(200, loginForm.statusCode(), "the IdP verified the request signature: " + loginForm.body());
        HttpResponse<String> autoPost = browser.submitForm(loginForm, Map.of("username", "alice@intranet.example"));
        HttpResponse<String> page = browser.follow(browser.submitForm(autoPost, Map.of()));
        assertTrue(page.body().contains("Welcome, Alice"), page.body());
    }

    @Test
    void metadataPublishesSigningAndEncryptionCertificates() throws Exception {
        HttpResponse<String> metadata = new Browser().get(env.baseUrl + "/saml/metadata");
        assertTrue(metadata.body().contains("AuthnRequestsSigned=\"true\""), metadata.body());
        assertTrue(metadata.body().contains("use=\"signing\""), metadata.body());
        assertTrue(metadata.body().contains("use=\"encryption\""), metadata.body());
    }

    @Test
    void logoutSendsLogoutRequestToIdp() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> signedIn = solicited(browser, "alice@intranet.example", builder -> builder);
        assertEquals(303, signedIn.statusCode());

        HttpResponse<String> logout = browser.get(env.baseUrl + "/saml/logout");
        assertEquals(303, logout.statusCode());
        String location = Browser.location(logout);
        assertTrue(location.startsWith(env.idp.baseUrl() + "/services/auth/idp/saml2/logout?SAMLRequest="), location);
        String xml = AcsClient.requestXml(location);
        assertTrue(xml.contains("LogoutRequest"), xml);
        assertTrue(xml.contains("SessionIndex"), xml);
        int before = env.idp.logoutRequests();
        browser.follow(logout);
        assertEquals(before + 1, env.idp.logoutRequests());
        assertEquals(303, browser.get(env.baseUrl + "/").statusCode(), "local session ended");
    }
}
