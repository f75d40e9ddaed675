package org.intranet.connector.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Test helpers that start SP-initiated logins and post crafted responses to the ACS. */
final class AcsClient {

    private static final Pattern REQUEST_ID = Pattern.compile("ID=\"([^\"]+)\"");

    private AcsClient() {
    }

    /** Starts SP-initiated login in this browser and returns the AuthnRequest ID sent to the IdP. */
    static String startLogin(SsoTestEnvironment env, Browser browser, String relayState) throws Exception {
        HttpResponse<String> login = browser.get(env.baseUrl + "/saml/login?RelayState="
                + java.net.URLEncoder.encode(relayState, StandardCharsets.UTF_8));
        assertEquals(303, login.statusCode(), login.body());
        return requestXmlId(Browser.location(login));
    }

    /** Returns the ID of the AuthnRequest carried in an HTTP-Redirect binding URL. */
    static String requestXmlId(String redirectUrl) throws Exception {
        Matcher matcher = REQUEST_ID.matcher(requestXml(redirectUrl));
        assertTrue(matcher.find());
        return matcher.group(1);
    }

    /** Returns the XML of the SAMLRequest carried in an HTTP-Redirect binding URL. */
    static String requestXml(String redirectUrl) throws Exception {
        Map<String, String> query = query(redirectUrl);
        byte[] deflated = Base64.getDecoder().decode(query.get("SAMLRequest"));
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated),
                new Inflater(true))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Map<String, String> query(String url) {
        Map<String, String> values = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            values.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1),
                    StandardCharsets.UTF_8));
        }
        return values;
    }

    static HttpResponse<String> post(SsoTestEnvironment env, Browser browser, String samlResponse,
            String relayState) throws Exception {
        Map<String, String> form = new HashMap<>();
        if (samlResponse != null) {
            form.put("SAMLResponse", samlResponse);
        }
        if (relayState != null) {
            form.put("RelayState", relayState);
        }
        return browser.post(env.acsUrl(), form);
    }

    /**
     * Posts the response and checks that it is rejected: the given status, a plain page without details, no session
     * cookie, and exactly one INFO log line naming the reason.
     */
    static void assertRejected(SsoTestEnvironment env, LogCapture logs, String samlResponse,
            SamlRejection.Reason reason) throws Exception {
        assertRejected(env, new Browser(), logs, samlResponse, reason);
    }

    static void assertRejected(SsoTestEnvironment env, Browser browser, LogCapture logs, String samlResponse,
            SamlRejection.Reason reason) throws Exception {
        logs.clear();
        HttpResponse<String> response = post(env, browser, samlResponse, "/");
        assertEquals(reason.httpStatus(), response.statusCode(), "status for " + reason + ": " + response.body());
        assertPlainErrorPage(response);
        assertTrue(response.headers().allValues("Set-Cookie").stream()
                .noneMatch(cookie -> cookie.startsWith("intranet_session=")), "no session cookie");
        List<String> rejections = logs.rejections();
        assertEquals(1, rejections.size(), "one rejection logged: " + logs.lines());
        assertTrue(rejections.get(0).contains("rejected: " + reason + ":"), "reason " + reason + " in "
                + rejections.get(0));
        assertTrue(rejections.get(0).startsWith("INFO "), rejections.get(0));
    }

    static void assertPlainErrorPage(HttpResponse<String> response) {
        assertTrue(response.statusCode() < 500, "no 5xx: " + response.statusCode());
        String body = response.body();
        assertFalse(body.contains("Exception"), "no exception text: " + body);
        assertFalse(body.contains("\tat "), "no stack trace: " + body);
        assertFalse(body.contains("saml"), "no SAML details: " + body);
    }
}
