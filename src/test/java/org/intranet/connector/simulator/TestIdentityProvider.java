package org.intranet.connector.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.w3c.dom.Element;

import org.intranet.connector.saml.OpenSaml;
import org.intranet.connector.web.HtmlPages;

/**
 * A loopback SAML identity provider that behaves like Salesforce's: its metadata, SSO endpoints and signed responses
 * have the shapes Salesforce uses. It generates its own RSA key and self-signed certificate at start.
 *
 * <p>Endpoints (all on 127.0.0.1): {@code GET /idp/endpoint/HttpRedirect} takes an AuthnRequest and shows a login form;
 * {@code POST /idp/login} posts the signed response to the ACS; {@code GET /idp/app-launcher} and
 * {@code POST /idp/app-launcher} do the same without a request (IdP-initiated); {@code GET /idp/probe} counts hits, so
 * a test can prove that no external entity was fetched; {@code GET /services/auth/idp/saml2/logout} accepts a
 * LogoutRequest.
 *
 * <p>{@link #response(String)} returns a builder for well-formed and hostile responses.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String DEFAULT_ENTITY_ID = "https://sample-org-dev-ed.my.salesforce.com";

    private final Function<String, Optional<Map<String, List<String>>>> attributesForUsername;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final AtomicInteger probeHits = new AtomicInteger();
    private final AtomicInteger logoutRequests = new AtomicInteger();
    private String entityId = DEFAULT_ENTITY_ID;
    private String acsUrl;
    private String spEntityId;
    private X509Certificate spSigningCertificate;
    private HttpServer server;

    /**
     * @param attributesForUsername the attributes Salesforce would send for a username (userId, username, email,
     *                              is_portal_user and custom fields), or empty when the username does not exist
     */
    private volatile String signedInUsername;

    public TestIdentityProvider(Function<String, Optional<Map<String, List<String>>>> attributesForUsername) {
        OpenSaml.initialize();
        this.attributesForUsername = attributesForUsername;
        this.keyPair = newRsaKeyPair();
        this.certificate = selfSignedCertificate(keyPair, "CN=SelfSignedCert_TestIdentityProvider, OU=00D000000000001,"
                + " O=Salesforce.com, L=San Francisco, ST=CA, C=USA");
    }

    /** Starts the HTTP server on 127.0.0.1; port 0 picks a free port. */
    public TestIdentityProvider start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/idp/endpoint/HttpRedirect", this::handleRedirectSso);
        server.createContext("/idp/login", this::handleLogin);
        server.createContext("/idp/app-launcher", this::handleAppLauncher);
        server.createContext("/idp/probe", exchange -> {
            probeHits.incrementAndGet();
            send(exchange, 200, "text/plain", "probe");
        });
        server.createContext("/services/auth/idp/saml2/logout", exchange -> {
            String request = queryParameters(exchange).get("SAMLRequest");
            if (request != null) {
                logoutRequests.incrementAndGet();
            }
            send(exchange, 200, "text/html; charset=UTF-8", HtmlPages.message("Logged out",
                    "You are logged out of the sample Salesforce org."));
        });
        server.start();
        return this;
    }

    /** Sets where responses go and which audience they name, as the connected app settings do. */
    public TestIdentityProvider serviceProvider(String acsUrl, String spEntityId) {
        this.acsUrl = acsUrl;
        this.spEntityId = spEntityId;
        return this;
    }

    /**
     * Treats the browser as already signed in to Salesforce as this user, so AuthnRequests get
     * a response at once instead of the login form. Null shows the form again.
     */
    public TestIdentityProvider signedInAs(String username) {
        this.signedInUsername = username;
        return this;
    }

    /** Makes the IdP reject AuthnRequests that are not signed with this certificate's key (null turns it off). */
    public TestIdentityProvider requireSignedRequests(X509Certificate spCertificate) {
        this.spSigningCertificate = spCertificate;
        return this;
    }

    public TestIdentityProvider entityId(String newEntityId) {
        this.entityId = newEntityId;
        return this;
    }

    public String entityId() {
        return entityId;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String acsUrl() {
        return acsUrl;
    }

    public String spEntityId() {
        return spEntityId;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Number of requests to {@code /idp/probe}. */
    public int probeHits() {
        return probeHits.get();
    }

    /** Number of LogoutRequests received at the single logout endpoint. */
    public int logoutRequests() {
        return logoutRequests.get();
    }

    public Optional<Map<String, List<String>>> attributesFor(String username) {
        return attributesForUsername.apply(username);
    }

    /** Writes IdP metadata shaped like the file Salesforce offers under Setup > Identity Provider. */
    public Path writeMetadata(Path file) throws IOException {
        String certificateBase64;
        try {
            certificateBase64 = Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"" + entityId
                + "\" validUntil=\"" + Instant.now().plus(Duration.ofDays(365)) + "\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n"
                + "   <md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\""
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n"
                + "      <md:KeyDescriptor use=\"signing\">\n"
                + "         <ds:KeyInfo>\n            <ds:X509Data>\n               <ds:X509Certificate>"
                + certificateBase64 + "</ds:X509Certificate>\n            </ds:X509Data>\n         </ds:KeyInfo>\n"
                + "      </md:KeyDescriptor>\n"
                + "      <md:SingleLogoutService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
                + " Location=\"" + baseUrl() + "/services/auth/idp/saml2/logout\"/>\n"
                + "      <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>\n"
                + "      <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
                + " Location=\"" + baseUrl() + "/idp/endpoint/HttpPost\"/>\n"
                + "      <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
                + " Location=\"" + baseUrl() + "/idp/endpoint/HttpRedirect\"/>\n"
                + "   </md:IDPSSODescriptor>\n</md:EntityDescriptor>\n";
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file;
    }

    /** Returns a builder for a response about the user, with Salesforce's defaults (signed Response, RSA-SHA256). */
    public SamlResponseBuilder response(String username) {
        Map<String, List<String>> attributes = attributesForUsername.apply(username).orElse(Map.of());
        return new SamlResponseBuilder(this, username, attributes);
    }

    /** Returns the HTML page that makes a browser post the response to the ACS, as Salesforce's IdP does. */
    public static String autoPostPage(String acsUrl, String samlResponse, String relayState) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Working...</title></head>"
                + "<body onload=\"document.forms[0].submit()\">"
                + "<form method=\"post\" action=\"" + HtmlPages.escape(acsUrl) + "\">"
                + "<input type=\"hidden\" name=\"SAMLResponse\" value=\"" + HtmlPages.escape(samlResponse) + "\"/>"
                + (relayState == null ? "" : "<input type=\"hidden\" name=\"RelayState\" value=\""
                        + HtmlPages.escape(relayState) + "\"/>")
                + "<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>\n";
    }

    private void handleRedirectSso(HttpExchange exchange) throws IOException {
        try {
            Map<String, String> query = queryParameters(exchange);
            String encoded = query.get("SAMLRequest");
            if (encoded == null) {
                send(exchange, 400, "text/plain", "SAMLRequest is missing");
                return;
            }
            if (spSigningCertificate != null && !hasValidRedirectSignature(exchange.getRequestURI().getRawQuery())) {
                send(exchange, 400, "text/plain", "the AuthnRequest signature is missing or invalid");
                return;
            }
            AuthnRequest request = (AuthnRequest) OpenSaml.unmarshal(
                    OpenSaml.parse(inflate(Base64.getDecoder().decode(encoded))).getDocumentElement());
            String relayState = query.get("RelayState");
            if (signedInUsername != null) {
                // Like Salesforce for a user who already has a Salesforce session: no login form.
                postResponse(exchange, signedInUsername, request.getID(), relayState);
                return;
            }
            String page = HtmlPages.page("Login | Salesforce", "<h1>Sample org login</h1>"
                    + "<form method=\"post\" action=\"/idp/login\">"
                    + "<label>Username <input name=\"username\" autofocus></label>"
                    + "<input type=\"hidden\" name=\"requestId\" value=\"" + HtmlPages.escape(request.getID()) + "\">"
                    + (relayState == null ? "" : "<input type=\"hidden\" name=\"RelayState\" value=\""
                            + HtmlPages.escape(relayState) + "\">")
                    + "<button type=\"submit\">Log In</button></form>");
            send(exchange, 200, "text/html; charset=UTF-8", page);
        } catch (Exception e) {
            send(exchange, 400, "text/plain", "invalid AuthnRequest: " + e);
        }
    }

    private boolean hasValidRedirectSignature(String rawQuery) throws GeneralSecurityException {
        Map<String, String> raw = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                raw.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        if (!raw.containsKey("Signature") || !raw.containsKey("SigAlg")) {
            return false;
        }
        String signed = "SAMLRequest=" + raw.get("SAMLRequest")
                + (raw.containsKey("RelayState") ? "&RelayState=" + raw.get("RelayState") : "")
                + "&SigAlg=" + raw.get("SigAlg");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(spSigningCertificate.getPublicKey());
        verifier.update(signed.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(URLDecoder.decode(raw.get("Signature"),
                StandardCharsets.UTF_8)));
    }

    private void handleLogin(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 405, "text/plain", "POST only");
            return;
        }
        Map<String, String> form = formParameters(exchange);
        postResponse(exchange, form.getOrDefault("username", ""), form.get("requestId"), form.get("RelayState"));
    }

    private void handleAppLauncher(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("POST")) {
            Map<String, String> form = formParameters(exchange);
            String relayState = form.get("RelayState");
            postResponse(exchange, form.getOrDefault("username", ""), null,
                    relayState == null || relayState.isEmpty() ? null : relayState);
            return;
        }
        send(exchange, 200, "text/html; charset=UTF-8", HtmlPages.page("App Launcher | Salesforce",
                "<h1>App Launcher</h1><p>Open the intranet as a Salesforce user (IdP-initiated login).</p>"
                        + "<form method=\"post\" action=\"/idp/app-launcher\">"
                        + "<label>Username <input name=\"username\" autofocus></label> "
                        + "<label>Start page <input name=\"RelayState\" value=\"/\"></label> "
                        + "<button type=\"submit\">Open Intranet</button></form>"));
    }

    private void postResponse(HttpExchange exchange, String username, String requestId, String relayState)
            throws IOException {
        if (attributesForUsername.apply(username).isEmpty()) {
            send(exchange, 200, "text/html; charset=UTF-8", HtmlPages.message("Login failed",
                    "Please check your username and password."));
            return;
        }
        String samlResponse = response(username).inResponseTo(requestId).build();
        send(exchange, 200, "text/html; charset=UTF-8", autoPostPage(acsUrl, samlResponse, relayState));
    }

    private static byte[] inflate(byte[] deflated) throws IOException {
        try (InputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(deflated),
                new Inflater(true))) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> queryParameters(HttpExchange exchange) {
        return decodeForm(exchange.getRequestURI().getRawQuery());
    }

    private static Map<String, String> formParameters(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return decodeForm(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static Map<String, String> decodeForm(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(name, value);
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Generates a 2048-bit RSA key pair. */
    public static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a self-signed SHA256withRSA certificate valid for one year. */
    public static X509Certificate selfSignedCertificate(KeyPair keyPair, String subject) {
        try {
            X500Name name = new X500Name(subject);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), name, keyPair.getPublic());
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("creating a self-signed certificate failed", e);
        }
    }

    /** Writes a private key as PKCS#8 PEM. */
    public static Path writePrivateKeyPem(java.security.PrivateKey key, Path file) throws IOException {
        return writePem("PRIVATE KEY", key.getEncoded(), file);
    }

    /** Writes a certificate as PEM. */
    public static Path writeCertificatePem(X509Certificate certificate, Path file) throws IOException {
        try {
            return writePem("CERTIFICATE", certificate.getEncoded(), file);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static Path writePem(String type, byte[] der, Path file) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }

    static String serialize(Element element) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        net.shibboleth.utilities.java.support.xml.SerializeSupport.writeNode(element, buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
