package org.intranet.connector.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Browser-level login flows over real sockets: SP-initiated, IdP-initiated, sessions and logout. */
class SamlLoginFlowTest {

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

    /** Logs in through the IdP login form, starting from the given page; returns the final page. */
    static HttpResponse<String> loginFrom(Browser browser, String path, String username) throws Exception {
        HttpResponse<String> page = browser.get(env.baseUrl + path);
        assertEquals(303, page.statusCode(), "protected page redirects to login");
        HttpResponse<String> loginPage = browser.follow(page);
        assertEquals(200, loginPage.statusCode(), loginPage.body());
        assertTrue(loginPage.uri().getPath().equals("/idp/endpoint/HttpRedirect"), loginPage.uri().toString());
        HttpResponse<String> autoPost = browser.submitForm(loginPage, Map.of("username", username));
        assertEquals(200, autoPost.statusCode());
        HttpResponse<String> acs = browser.submitForm(autoPost, Map.of());
        return browser.follow(acs);
    }

    @Test
    void spInitiatedLoginReturnsToRequestedPage() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = loginFrom(browser, "/profile?tab=1", "alice@intranet.example");

        assertEquals(200, page.statusCode(), page.body());
        assertEquals("/profile", page.uri().getPath());
        assertEquals("tab=1", page.uri().getQuery());
        assertTrue(page.body().contains("Alice &lt;Admin&gt; O&#39;Hara"), page.body());
        assertFalse(page.body().contains("<Admin>"), "display name is HTML-escaped");
    }

    @Test
    void landingPageGreetsUserByName() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = loginFrom(browser, "/", "alice@intranet.example");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Welcome, Alice &lt;Admin&gt; O&#39;Hara"), page.body());
    }

    @Test
    void sessionCookieAttributes() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.get(env.baseUrl + "/");
        HttpResponse<String> loginPage = browser.follow(page);
        HttpResponse<String> autoPost = browser.submitForm(loginPage, Map.of("username", "alice@intranet.example"));
        HttpResponse<String> acs = browser.submitForm(autoPost, Map.of());

        assertEquals(303, acs.statusCode(), acs.body());
        String setCookie = acs.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("intranet_session=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
        assertTrue(setCookie.contains("Path=/"), setCookie);
        assertTrue(setCookie.contains("Max-Age=28800"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain http base URL has no Secure cookies: " + setCookie);
        assertTrue(acs.headers().firstValue("SAMLResponse").isEmpty(), "form fields are not echoed as headers");
    }

    @Test
    void idpInitiatedLoginFromAppLauncher() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> launcher = browser.get(env.idp.baseUrl() + "/idp/app-launcher");
        HttpResponse<String> autoPost = browser.submitForm(launcher,
                Map.of("username", "alice@intranet.example", "RelayState", "/profile"));
        HttpResponse<String> acs = browser.submitForm(autoPost, Map.of());
        assertEquals(303, acs.statusCode(), acs.body());
        HttpResponse<String> page = browser.follow(acs);

        assertEquals(200, page.statusCode());
        assertEquals("/profile", page.uri().getPath());
        assertTrue(page.body().contains(SsoTestEnvironment.ALICE_ID));
    }

    @Test
    void justInTimeProvisioningCreatesUser() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = loginFrom(browser, "/", "bob@intranet.example");

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Welcome, Bob Builder"));
        assertTrue(env.users.findBySalesforceId(SsoTestEnvironment.BOB_ID).isPresent());
    }

    @Test
    void existingSessionSkipsIdp() throws Exception {
        Browser browser = new Browser();
        loginFrom(browser, "/", "alice@intranet.example");
        int requestsBefore = browser.visited().size();

        HttpResponse<String> again = browser.get(env.baseUrl + "/profile");
        assertEquals(200, again.statusCode());
        assertEquals(requestsBefore + 1, browser.visited().size(), "no IdP round trip");
        HttpResponse<String> login = browser.get(env.baseUrl + "/saml/login?RelayState=/profile");
        assertEquals(303, login.statusCode());
        assertEquals(env.baseUrl + "/profile", Browser.location(login), "login with a session skips the IdP");
    }

    @Test
    void expiredSessionLogsInAgainAndReturns() throws Exception {
        Browser browser = new Browser();
        loginFrom(browser, "/", "alice@intranet.example");
        String sessionId = browser.cookie("intranet_session").orElseThrow().getValue();
        env.repository.updateSessionExpiry(WebSessions.sha256(sessionId), Instant.now().minusSeconds(1));

        HttpResponse<String> page = loginFrom(browser, "/profile", "alice@intranet.example");
        assertEquals(200, page.statusCode());
        assertEquals("/profile", page.uri().getPath());
    }

    @Test
    void logoutEndsSession() throws Exception {
        Browser browser = new Browser();
        loginFrom(browser, "/", "alice@intranet.example");
        HttpResponse<String> logout = browser.get(env.baseUrl + "/saml/logout");
        assertEquals(200, logout.statusCode());
        assertTrue(logout.body().contains("Signed out"));

        HttpResponse<String> page = browser.get(env.baseUrl + "/");
        assertEquals(303, page.statusCode());
        assertTrue(Browser.location(page).startsWith(env.baseUrl + "/saml/login?RelayState=%2F"));
    }

    @Test
    void deactivatedUserLosesSession() throws Exception {
        Browser browser = new Browser();
        loginFrom(browser, "/", "admin@intranet.example");
        env.users.setActive(SsoTestEnvironment.ADMIN_ID, false);
        try {
            HttpResponse<String> page = browser.get(env.baseUrl + "/");
            assertEquals(303, page.statusCode(), "session of a deactivated user no longer counts");
        } finally {
            env.users.setActive(SsoTestEnvironment.ADMIN_ID, true);
        }
    }

    @Test
    void authnRequestCarriesRelayStateAndAcs() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get(env.baseUrl + "/saml/login?RelayState=%2Fprofile");
        assertEquals(303, login.statusCode());
        URI idpUrl = URI.create(Browser.location(login));

        assertEquals(env.idp.baseUrl() + "/idp/endpoint/HttpRedirect", idpUrl.getScheme() + "://"
                + idpUrl.getAuthority() + idpUrl.getPath());
        assertTrue(idpUrl.getRawQuery().contains("RelayState=%2Fprofile"), idpUrl.getRawQuery());
        assertTrue(browser.cookie("intranet_sso_request").isPresent(), "browser-binding cookie set");
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        HttpResponse<String> page = new Browser().get(env.baseUrl + "/no-such-page");
        assertEquals(404, page.statusCode());
    }

    @Test
    void logsNeverContainSecrets() throws Exception {
        Browser browser = new Browser();
        loginFrom(browser, "/", "alice@intranet.example");
        String sessionId = browser.cookie("intranet_session").orElseThrow().getValue();
        String binding = browser.cookie("intranet_sso_request").orElseThrow().getValue();

        for (String line : logs.lines()) {
            assertFalse(line.contains(sessionId), "session id in log: " + line);
            assertFalse(line.contains(binding), "binding cookie in log: " + line);
            assertFalse(line.contains("PHNhbWxw"), "base64 SAML message in log: " + line);
            assertFalse(line.contains("<saml2:Assertion"), "assertion XML in log: " + line);
        }
    }
}
