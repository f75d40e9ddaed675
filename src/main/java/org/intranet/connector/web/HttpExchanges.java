package org.intranet.connector.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;

/**
 * Reads the servlet request behind a camel-jetty exchange and writes complete responses.
 *
 * <p>Every response starts from an empty header map: camel-http copies request headers and form fields into the
 * message, and without the reset they would be echoed back to the browser (the SAMLResponse and cookies included).
 */
public final class HttpExchanges {

    private HttpExchanges() {
    }

    /** Returns the servlet request of a camel-jetty exchange. */
    public static HttpServletRequest request(Exchange exchange) {
        HttpMessage message = exchange.getIn(HttpMessage.class);
        if (message == null) {
            throw new IllegalStateException("exchange " + exchange.getExchangeId()
                    + " did not come from a camel-jetty consumer");
        }
        return message.getRequest();
    }

    /** Returns the value of the named cookie, or empty when absent or blank. */
    public static Optional<String> cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(name) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** Writes an HTML page with the given status. */
    public static void html(Exchange exchange, int status, String html, List<String> setCookies) {
        Message message = reset(exchange, status, setCookies);
        message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        message.setBody(html);
    }

    /** Writes a 303 See Other redirect, which makes the browser follow with GET. */
    public static void redirect(Exchange exchange, String location, List<String> setCookies) {
        Message message = reset(exchange, 303, setCookies);
        message.setHeader("Location", location);
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
        message.setBody("");
    }

    /** Writes a body of any content type with status 200. */
    public static void content(Exchange exchange, String contentType, String body) {
        Message message = reset(exchange, 200, List.of());
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }

    private static Message reset(Exchange exchange, int status, List<String> setCookies) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader("Cache-Control", "no-store");
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("X-Frame-Options", "DENY");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        if (!setCookies.isEmpty()) {
            message.setHeader("Set-Cookie", new ArrayList<>(setCookies));
        }
        return message;
    }

    /**
     * Formats a Set-Cookie value. Max-Age is used in place of Expires, because an Expires date contains a comma
     * that header handling may split on.
     *
     * @param sameSite Lax, Strict or None, or null to leave the attribute out
     */
    public static String setCookie(String name, String value, long maxAgeSeconds, boolean secure, String sameSite) {
        StringBuilder cookie = new StringBuilder()
                .append(name).append('=').append(value)
                .append("; Path=/; Max-Age=").append(Math.max(0, maxAgeSeconds))
                .append("; HttpOnly");
        if (secure) {
            cookie.append("; Secure");
        }
        if (sameSite != null) {
            cookie.append("; SameSite=").append(sameSite);
        }
        return cookie.toString();
    }
}
