package org.intranet.connector.saml;

import static org.intranet.connector.saml.AcsClient.assertRejected;
import static org.intranet.connector.saml.AcsClient.post;
import static org.intranet.connector.saml.AcsClient.startLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.intranet.connector.saml.SamlRejection.Reason;
import org.intranet.connector.simulator.SamlResponseBuilder;
import org.intranet.connector.simulator.SamlResponseBuilder.Wrapping;
import org.intranet.connector.simulator.TestIdentityProvider;

/**
 * Hostile and broken responses posted to the ACS over real sockets, with default settings. Each must be rejected
 * with its own logged reason, a 400 or 403 plain page and no session.
 */
class AssertionConsumerRejectionTest {

    private static final String ALICE = "alice@intranet.example";

    private static SsoTestEnvironment env;
    private static LogCapture logs;

    @BeforeAll
    static void start() throws Exception {
        logs = LogCapture.install();
        env = new SsoTestEnvironment(Map.of());
    }

    @AfterAll
    static void stop() {
        env.close();
        logs.close();
    }

    private static SamlResponseBuilder alice() {
        return env.idp.response(ALICE);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void validUnsolicitedResponseIsAccepted() throws Exception {
        HttpResponse<String> response = post(env, new Browser(), alice().build(), "/profile");
        assertEquals(303, response.statusCode(), response.body());
        assertEquals(env.baseUrl + "/profile", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void missingResponseField() throws Exception {
        assertRejected(env, logs, null, Reason.MISSING_RESPONSE);
    }

    @Test
    void invalidBase64() throws Exception {
        assertRejected(env, logs, "%%%not base64%%%", Reason.MALFORMED_RESPONSE);
    }

    @Test
    void notXml() throws Exception {
        assertRejected(env, logs, base64("this is not XML"), Reason.MALFORMED_RESPONSE);
    }

    @Test
    void wrongRootElement() throws Exception {
        assertRejected(env, logs, base64("<x:AuthnRequest xmlns:x=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>"),
                Reason.MALFORMED_RESPONSE);
    }

    @Test
    void responseLargerThanLimit() throws Exception {
        assertRejected(env, logs, "A".repeat(131073), Reason.RESPONSE_TOO_LARGE);
    }

    @Test
    void hugeFormBodyIsNotServerError() throws Exception {
        HttpResponse<String> response = post(env, new Browser(), "A".repeat(3_000_000), "/");
        assertTrue(response.statusCode() >= 400, "status " + response.statusCode());
        assertTrue(response.statusCode() < 500, "status " + response.statusCode());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    @Test
    void doctypeWithExternalEntity() throws Exception {
        String entity = "<!DOCTYPE samlp:Response [<!ENTITY probe SYSTEM \"" + env.idp.baseUrl() + "/idp/probe\">]>";
        String xml = alice().doctype(entity).xml().replace(ALICE + "</saml2:NameID>", "&probe;</saml2:NameID>");
        assertRejected(env, logs, base64(xml), Reason.DOCTYPE_NOT_ALLOWED);
        assertEquals(0, env.idp.probeHits(), "the external entity was not fetched");
    }

    @Test
    void doctypeInUtf16() throws Exception {
        String entity = "<!DOCTYPE r [<!ENTITY probe SYSTEM \"" + env.idp.baseUrl() + "/idp/probe\">]>";
        String xml = alice().doctype(entity).xml().replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
        String encoded = Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_16));
        assertRejected(env, logs, encoded, Reason.DOCTYPE_NOT_ALLOWED);
        assertEquals(0, env.idp.probeHits());
    }

    @Test
    void unsignedResponse() throws Exception {
        assertRejected(env, logs, alice().signResponse(false).build(), Reason.SIGNATURE_MISSING);
    }

    @Test
    void signedWithUnknownKeyCarriedInKeyInfo() throws Exception {
        KeyPair attackerKey = TestIdentityProvider.newRsaKeyPair();
        X509Certificate attackerCertificate = TestIdentityProvider.selfSignedCertificate(attackerKey, "CN=attacker");
        assertRejected(env, logs, alice().signWith(attackerKey, attackerCertificate).build(),
                Reason.SIGNATURE_INVALID);
    }

    @Test
    void assertionSignedWithUnknownKey() throws Exception {
        KeyPair attackerKey = TestIdentityProvider.newRsaKeyPair();
        X509Certificate attackerCertificate = TestIdentityProvider.selfSignedCertificate(attackerKey, "CN=attacker");
        assertRejected(env, logs, alice().signResponse(false).signAssertion(true)
                .signWith(attackerKey, attackerCertificate).build(), Reason.SIGNATURE_INVALID);
    }

    @Test
    void contentChangedAfterSigning() throws Exception {
        String xml = alice().xml().replace(">" + ALICE + "<", ">admin@intranet.example<");
        assertRejected(env, logs, base64(xml), Reason.SIGNATURE_INVALID);
    }

    @Test
    void sha1SignatureRejectedByDefault() throws Exception {
        assertRejected(env, logs, alice().sha1().build(), Reason.SIGNATURE_ALGORITHM_NOT_ALLOWED);
        assertTrue(logs.rejections().get(0).contains("saml.allow-sha1=true"), "message names the setting");
        assertTrue(logs.rejections().get(0).contains("SHA-256"), "message names the Salesforce-side fix");
    }

    @Test
    void wrappingEvilAssertionBesideSigned() throws Exception {
        assertRejected(env, logs, alice().signResponse(false).signAssertion(true)
                .wrapping(Wrapping.EVIL_ASSERTION_BESIDE, "admin@intranet.example").build(), Reason.ASSERTION_COUNT);
    }

    @Test
    void wrappingSignedAssertionInExtensions() throws Exception {
        assertRejected(env, logs, alice().signResponse(false).signAssertion(true)
                .wrapping(Wrapping.SIGNED_ASSERTION_IN_EXTENSIONS, "admin@intranet.example").build(),
                Reason.ASSERTION_COUNT);
    }

    @Test
    void wrappingSignedAssertionInSignatureObject() throws Exception {
        assertRejected(env, logs, alice().signResponse(false).signAssertion(true)
                .wrapping(Wrapping.SIGNED_ASSERTION_IN_SIGNATURE_OBJECT, "admin@intranet.example").build(),
                Reason.ASSERTION_COUNT);
    }

    @Test
    void wrappingResponseSignatureOverOtherId() throws Exception {
        assertRejected(env, logs, alice().wrapping(Wrapping.RESPONSE_SIGNATURE_OVER_OTHER_ID,
                "admin@intranet.example").build(), Reason.SIGNATURE_PROFILE_INVALID);
    }

    @Test
    void wrappingDuplicateAssertionId() throws Exception {
        assertRejected(env, logs, alice().signResponse(false).signAssertion(true)
                .wrapping(Wrapping.DUPLICATE_ASSERTION_ID, "admin@intranet.example").build(), Reason.DUPLICATE_ID);
    }

    @Test
    void twoSignedAssertions() throws Exception {
        assertRejected(env, logs, alice().assertionCount(2).build(), Reason.ASSERTION_COUNT);
    }

    @Test
    void statusNotSuccess() throws Exception {
        assertRejected(env, logs, alice().status("urn:oasis:names:tc:SAML:2.0:status:Requester").build(),
                Reason.STATUS_NOT_SUCCESS);
    }

    @Test
    void wrongResponseIssuer() throws Exception {
        assertRejected(env, logs, alice().responseIssuer("https://other-org.my.salesforce.com").build(),
                Reason.WRONG_RESPONSE_ISSUER);
    }

    @Test
    void wrongAssertionIssuer() throws Exception {
        assertRejected(env, logs, alice().assertionIssuer("https://other-org.my.salesforce.com").build(),
                Reason.WRONG_ASSERTION_ISSUER);
    }

    @Test
    void missingAssertionIssuer() throws Exception {
        assertRejected(env, logs, alice().assertionIssuer(null).build(), Reason.WRONG_ASSERTION_ISSUER);
    }

    @Test
    void wrongDestination() throws Exception {
        assertRejected(env, logs, alice().destination("https://other.example/saml/acs").build(),
                Reason.WRONG_DESTINATION);
    }

    @Test
    void missingDestination() throws Exception {
        assertRejected(env, logs, alice().destination(null).build(), Reason.WRONG_DESTINATION);
    }

    @Test
    void wrongRecipient() throws Exception {
        assertRejected(env, logs, alice().recipient("https://other.example/saml/acs").build(),
                Reason.WRONG_RECIPIENT);
    }

    @Test
    void wrongAudience() throws Exception {
        assertRejected(env, logs, alice().audience("https://other.example/saml/metadata").build(),
                Reason.WRONG_AUDIENCE);
    }

    @Test
    void assertionExpired() throws Exception {
        assertRejected(env, logs, alice().notOnOrAfter(Instant.now().minus(Duration.ofMinutes(2))).build(),
                Reason.ASSERTION_EXPIRED);
    }

    @Test
    void assertionNotYetValid() throws Exception {
        assertRejected(env, logs, alice().notBefore(Instant.now().plus(Duration.ofMinutes(2))).build(),
                Reason.ASSERTION_NOT_YET_VALID);
    }

    @Test
    void expiryWithinClockSkewAccepted() throws Exception {
        HttpResponse<String> response = post(env, new Browser(),
                alice().notOnOrAfter(Instant.now().minus(Duration.ofSeconds(30))).build(), "/");
        assertEquals(303, response.statusCode(), "30 s past NotOnOrAfter is within the 60 s clock skew");
    }

    @Test
    void subjectConfirmationExpired() throws Exception {
        assertRejected(env, logs, alice().confirmationNotOnOrAfter(Instant.now().minus(Duration.ofMinutes(2)))
                .build(), Reason.SUBJECT_CONFIRMATION_EXPIRED);
    }

    @Test
    void staleIssueInstant() throws Exception {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        assertRejected(env, logs, alice().issuedAt(hourAgo).notOnOrAfter(Instant.now().plus(Duration.ofMinutes(5)))
                .confirmationNotOnOrAfter(Instant.now().plus(Duration.ofMinutes(5))).build(), Reason.STALE_RESPONSE);
    }

    @Test
    void holderOfKeyIsNotBearer() throws Exception {
        assertRejected(env, logs, alice().confirmationMethod("urn:oasis:names:tc:SAML:2.0:cm:holder-of-key")
                .build(), Reason.NO_BEARER_CONFIRMATION);
    }

    @Test
    void missingConditions() throws Exception {
        assertRejected(env, logs, alice().withoutConditions().build(), Reason.MISSING_CONDITIONS);
    }

    @Test
    void commentInNameIdCannotTruncateIt() throws Exception {
        String evil = "admin@intranet.example.evil.com";
        Browser browser = new Browser();
        HttpResponse<String> response = post(env, browser,
                env.idp.response(evil).commentInNameIdAt("admin@intranet.example".length()).build(), "/");
        assertEquals(303, response.statusCode(), "the signature still verifies: comments are not signed");
        HttpResponse<String> page = browser.follow(response);

        assertTrue(page.body().contains("Welcome, Evil Twin"), page.body());
        assertFalse(page.body().contains("Intranet Admin"), "not signed in as the truncated NameID");
    }

    @Test
    void commentInNameIdUnknownUser() throws Exception {
        String evil = "admin@intranet.example.attacker.test";
        String response = env.idp.response(evil).attributes(Map.of())
                .commentInNameIdAt("admin@intranet.example".length()).build();
        assertRejected(env, logs, response, Reason.USER_NOT_FOUND);
    }

    @Test
    void replayedAssertion() throws Exception {
        String response = alice().build();
        HttpResponse<String> first = post(env, new Browser(), response, "/");
        assertEquals(303, first.statusCode());
        assertRejected(env, logs, response, Reason.REPLAYED_ASSERTION);
    }

    @Test
    void responseToRequestNeverSent() throws Exception {
        assertRejected(env, logs, alice().inResponseTo("_never-sent-0123456789").build(), Reason.UNKNOWN_REQUEST);
    }

    @Test
    void responseToAnotherBrowsersRequest() throws Exception {
        Browser victim = new Browser();
        String requestId = startLogin(env, victim, "/");
        Browser attacker = new Browser();
        startLogin(env, attacker, "/");
        assertRejected(env, attacker, logs, alice().inResponseTo(requestId).build(),
                Reason.REQUEST_OF_ANOTHER_BROWSER);
    }

    @Test
    void responseToRequestWithoutBindingCookie() throws Exception {
        String requestId = startLogin(env, new Browser(), "/");
        assertRejected(env, logs, alice().inResponseTo(requestId).build(), Reason.REQUEST_OF_ANOTHER_BROWSER);
    }

    @Test
    void requestAnsweredOnlyOnce() throws Exception {
        Browser browser = new Browser();
        String requestId = startLogin(env, browser, "/");
        HttpResponse<String> first = post(env, browser, alice().inResponseTo(requestId).build(), "/");
        assertEquals(303, first.statusCode(), first.body());
        assertRejected(env, browser, logs, alice().inResponseTo(requestId).build(), Reason.UNKNOWN_REQUEST);
    }

    @Test
    void subjectConfirmationInResponseToDiffers() throws Exception {
        Browser browser = new Browser();
        String requestId = startLogin(env, browser, "/");
        assertRejected(env, browser, logs, alice().inResponseTo(requestId)
                .subjectConfirmationInResponseTo("_other-request").build(), Reason.SUBJECT_CONFIRMATION_IN_RESPONSE_TO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)",
            "/%0d%0aSet-Cookie:x=y", "\t/profile", "evil.example/profile"})
    void openRedirectRelayStateLandsOnRoot(String relayState) throws Exception {
        HttpResponse<String> response = post(env, new Browser(), alice().build(), relayState);
        assertEquals(303, response.statusCode(), response.body());
        assertEquals(env.baseUrl + "/", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void encryptedAssertionWithoutKey() throws Exception {
        X509Certificate spCertificate = TestIdentityProvider.selfSignedCertificate(
                TestIdentityProvider.newRsaKeyPair(), "CN=intranet");
        assertRejected(env, logs, alice().encryptFor(spCertificate).build(), Reason.DECRYPTION_KEY_MISSING);
    }

    @Test
    void deactivatedUser() throws Exception {
        logs.clear();
        HttpResponse<String> response = post(env, new Browser(),
                env.idp.response("carol@intranet.example").build(), "/");
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("deactivated"), response.body());
        assertTrue(logs.rejections().get(0).contains("USER_DEACTIVATED"));
    }

    @Test
    void portalUserRejectedByDefault() throws Exception {
        logs.clear();
        HttpResponse<String> response = post(env, new Browser(), env.idp.response("paul@partner.example").build(),
                "/");
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("staff only"), response.body());
        assertTrue(logs.rejections().get(0).contains("PORTAL_USER"));
    }

    @Test
    void userWithoutAttributesAndNotInDirectory() throws Exception {
        assertRejected(env, logs, env.idp.response("nobody@intranet.example").attributes(Map.of()).build(),
                Reason.USER_NOT_FOUND);
    }

    @Test
    void attributesOfAnotherUser() throws Exception {
        Map<String, List<String>> bobAttributes = SsoTestEnvironment.attributesOf("admin@intranet.example")
                .orElseThrow();
        assertRejected(env, logs, alice().attributes(bobAttributes).build(), Reason.USER_MISMATCH);
    }

    @Test
    void queryStringOnAcs() throws Exception {
        logs.clear();
        HttpResponse<String> response = new Browser().post(env.acsUrl() + "?SAMLResponse=x",
                Map.of("SAMLResponse", alice().build()));
        assertEquals(400, response.statusCode());
        assertTrue(logs.rejections().get(0).contains("MALFORMED_RESPONSE"));
    }

    @Test
    void getOnAcsIsNotAllowed() throws Exception {
        HttpResponse<String> response = new Browser().get(env.acsUrl());
        assertEquals(405, response.statusCode());
    }

    @Test
    void deeplyNestedExtensionsRejected() throws Exception {
        String xml = alice().signResponse(false).xml();
        int status = xml.indexOf("<saml2p:Status>");
        assertTrue(status > 0, "the builder uses the saml2p prefix: " + xml);
        String nested = "<x:e xmlns:x=\"urn:example:deep\">" + "<x:e>".repeat(1_999) + "</x:e>".repeat(2_000);
        String deep = xml.substring(0, status) + "<saml2p:Extensions>" + nested + "</saml2p:Extensions>"
                + xml.substring(status);
        String encoded = base64(deep);
        assertTrue(encoded.length() < 131_072, "under saml.max-response-bytes: " + encoded.length());
        assertRejected(env, logs, encoded, Reason.DOCUMENT_TOO_COMPLEX);
    }

    @Test
    void tooManyElementsRejected() throws Exception {
        String xml = alice().signResponse(false).xml();
        int status = xml.indexOf("<saml2p:Status>");
        String wide = xml.substring(0, status) + "<saml2p:Extensions xmlns:x=\"urn:example:wide\">"
                + "<x:e/>".repeat(6_000) + "</saml2p:Extensions>" + xml.substring(status);
        assertRejected(env, logs, base64(wide), Reason.DOCUMENT_TOO_COMPLEX);
    }

    @Test
    void newlineInDestinationCannotForgeLogLine() throws Exception {
        String forged = "https://other.example/acs\nINFO Signed in user " + SsoTestEnvironment.ADMIN_ID
                + "\r\u0085\u2028";
        assertRejected(env, logs, alice().destination(forged).build(), Reason.WRONG_DESTINATION);
        String line = logs.rejections().get(0);
        assertFalse(line.contains("\n"), "no line feed: " + line);
        assertFalse(line.contains("\r"), "no carriage return: " + line);
        assertFalse(line.contains("\u0085"), "no next-line character: " + line);
        assertFalse(line.contains("\u2028"), "no line separator: " + line);
        assertTrue(line.contains("https://other.example/acs\\nINFO Signed in user"), line);
        assertTrue(line.contains("\\r\\u0085\\u2028"), line);
    }

    @Test
    void newlineInIdsCannotForgeLogLine() throws Exception {
        assertRejected(env, logs, alice().responseId("_abc\nINFO forged").build(), Reason.INVALID_ID);
        String line = logs.rejections().get(0);
        assertFalse(line.contains("\n"), "no line feed: " + line);
        assertTrue(line.contains("_abc\\nINFO forged"), line);
    }

    @Test
    void assertionIdLongerThanStoreColumn() throws Exception {
        assertRejected(env, logs, alice().assertionId("_" + "a".repeat(300)).build(), Reason.INVALID_ID);
        assertTrue(logs.lines().stream().noneMatch(line -> line.startsWith("ERROR")), "no ERROR: " + logs.lines());
    }

    @Test
    void responseIdLongerThanLimit() throws Exception {
        assertRejected(env, logs, alice().responseId("_" + "b".repeat(300)).build(), Reason.INVALID_ID);
    }

    @Test
    void inResponseToLongerThanStoreColumn() throws Exception {
        assertRejected(env, logs, alice().inResponseTo("_" + "c".repeat(200)).build(), Reason.INVALID_ID);
        assertTrue(logs.lines().stream().noneMatch(line -> line.startsWith("ERROR")), "no ERROR: " + logs.lines());
    }

    @Test
    void assertionIdWithControlCharacter() throws Exception {
        assertRejected(env, logs, alice().assertionId("_abc\u007fdef").build(), Reason.INVALID_ID);
    }

    @Test
    void assertionIdAtColumnWidthAccepted() throws Exception {
        HttpResponse<String> response = post(env, new Browser(), alice().assertionId("_" + "d".repeat(255)).build(),
                "/");
        assertEquals(303, response.statusCode(), response.body());
    }

    @Test
    void sessionAlreadyExpired() throws Exception {
        assertRejected(env, logs, alice().sessionNotOnOrAfter(Instant.now().minus(Duration.ofMinutes(1))).build(),
                Reason.SESSION_EXPIRED);
        assertTrue(logs.rejections().get(0).contains("session already expired"), logs.rejections().get(0));
    }

    @Test
    void sessionLimitInFutureShortensCookie() throws Exception {
        HttpResponse<String> response = post(env, new Browser(),
                alice().sessionNotOnOrAfter(Instant.now().plus(Duration.ofMinutes(10))).build(), "/");
        assertEquals(303, response.statusCode(), response.body());
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("intranet_session=")).findFirst().orElseThrow();
        Matcher maxAge = Pattern.compile("Max-Age=(\\d+)").matcher(cookie);
        assertTrue(maxAge.find(), cookie);
        long seconds = Long.parseLong(maxAge.group(1));
        assertTrue(seconds > 0, cookie);
        assertTrue(seconds <= 600, cookie);
    }

    @Test
    void storedPortalUserWithoutAttributeRejected() throws Exception {
        Map<String, List<String>> attributes = new HashMap<>(
                SsoTestEnvironment.attributesOf("paul@partner.example").orElseThrow());
        attributes.remove("is_portal_user");
        assertRejected(env, logs, env.idp.response("paul@partner.example").attributes(attributes).build(),
                Reason.PORTAL_USER);
    }

    @Test
    void storedPortalUserWithFalseAttributeRejected() throws Exception {
        Map<String, List<String>> attributes = new HashMap<>(
                SsoTestEnvironment.attributesOf("paul@partner.example").orElseThrow());
        attributes.put("is_portal_user", List.of("false"));
        assertRejected(env, logs, env.idp.response("paul@partner.example").attributes(attributes).build(),
                Reason.PORTAL_USER);
    }

    @Test
    void storedPortalUserWithoutAttributesRejected() throws Exception {
        assertRejected(env, logs, env.idp.response("paul@partner.example").attributes(Map.of()).build(),
                Reason.PORTAL_USER);
    }

    @Test
    void plantedBindingCookieDoesNotBindNewRequest() throws Exception {
        Browser attacker = new Browser();
        startLogin(env, attacker, "/");
        String planted = attacker.cookie("intranet_sso_request").orElseThrow().getValue();
        Browser victim = new Browser();
        victim.setCookie(env.baseUrl, "intranet_sso_request", planted);

        HttpResponse<String> login = victim.get(env.baseUrl + "/saml/login?RelayState=%2F");
        assertEquals(303, login.statusCode(), login.body());
        String victimRequestId = AcsClient.requestXmlId(Browser.location(login));

        String issued = login.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("intranet_sso_request=")).findFirst().orElseThrow()
                .split(";")[0].substring("intranet_sso_request=".length());
        assertFalse(issued.equals(planted), "a fresh binding value replaces the planted one");
        // java.net.CookieManager keeps the planted cookie beside the new one, where a browser would replace it.
        victim.removeCookie("intranet_sso_request");
        victim.setCookie(env.baseUrl, "intranet_sso_request", issued);
        assertRejected(env, attacker, logs, env.idp.response("admin@intranet.example").inResponseTo(victimRequestId)
                .build(), Reason.REQUEST_OF_ANOTHER_BROWSER);
        HttpResponse<String> own = post(env, victim, alice().inResponseTo(victimRequestId).build(), "/");
        assertEquals(303, own.statusCode(), own.body());
    }
}
