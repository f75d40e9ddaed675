package org.intranet.connector.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests that fail before a route's processor runs still get a plain page without server details. */
class HttpErrorPagesTest {

    private static SsoTestEnvironment env;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        env = new SsoTestEnvironment(Map.of());
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /", "GET /profile", "GET /saml/login", "GET /saml/logout", "GET /saml/metadata",
            "POST /saml/acs"})
    void unknownCharsetIsClientError(String endpoint) throws Exception {
        String[] parts = endpoint.split(" ");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env.baseUrl + parts[1]))
                .header("Content-Type", "text/plain; charset=nope");
        request.method(parts[0], parts[0].equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("SAMLResponse=x"));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(415, response.statusCode(), endpoint + ": " + response.body());
        assertFalse(response.body().contains("Exception"), response.body());
        assertFalse(response.body().contains("Jetty"), response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain; charset=UTF-8", "text/plain; charset=\"utf-8\"", "text/plain"})
    void supportedCharsetPasses(String contentType) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(env.baseUrl + "/saml/metadata"))
                .header("Content-Type", contentType).GET().build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void malformedRequestGetsPlainJettyPage() throws Exception {
        String raw;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), env.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertTrue(raw.startsWith("HTTP/1.1 400"), raw);
        assertFalse(raw.contains("Server: Jetty"), "no server version header: " + raw);
        assertFalse(raw.contains("Powered by"), raw);
        assertFalse(raw.contains("Jetty"), raw);
        assertFalse(raw.contains("Exception"), raw);
    }
}
