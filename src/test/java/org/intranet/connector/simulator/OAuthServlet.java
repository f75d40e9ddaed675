package org.intranet.connector.simulator;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /services/oauth2/token} (password and JWT bearer grants) and {@code /services/oauth2/revoke}.
 * camel-salesforce 4.18 logs in at the loginUrl first and at instance_url afterwards, and revokes with a
 * GET, so both methods are served.
 */
final class OAuthServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthServlet.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final transient SalesforceSimulator simulator;

    OAuthServlet(SalesforceSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (path) {
            case "/token" -> token(request, response);
            case "/revoke" -> revoke(request, response);
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/revoke".equals(request.getPathInfo())) {
            revoke(request, response);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void token(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String grantType = request.getParameter("grant_type");
        try {
            if ("password".equals(grantType)) {
                checkPasswordGrant(request);
            } else if (JWT_BEARER.equals(grantType)) {
                JwtBearerVerifier.verify(request.getParameter("assertion"), simulator.trustedCertificates(),
                        SalesforceSimulator.CLIENT_ID, SalesforceSimulator.USERNAME, audiences(), Instant.now());
            } else {
                throw new OAuthError("unsupported_grant_type", "grant type not supported");
            }
        } catch (OAuthError e) {
            LOG.warn("Rejected {} token request: {} ({})", grantType, e.error(), e.getMessage());
            ObjectNode body = MAPPER.createObjectNode();
            body.put("error", e.error());
            body.put("error_description", e.getMessage());
            writeJson(response, HttpServletResponse.SC_BAD_REQUEST, body);
            return;
        }
        writeJson(response, HttpServletResponse.SC_OK, grantBody(JWT_BEARER.equals(grantType)));
    }

    private static void checkPasswordGrant(HttpServletRequest request) throws OAuthError {
        if (!SalesforceSimulator.CLIENT_ID.equals(request.getParameter("client_id"))) {
            throw new OAuthError("invalid_client_id", "client identifier invalid");
        }
        if (!SalesforceSimulator.CLIENT_SECRET.equals(request.getParameter("client_secret"))) {
            throw new OAuthError("invalid_client", "invalid client credentials");
        }
        if (!SalesforceSimulator.USERNAME.equals(request.getParameter("username"))
                || !SalesforceSimulator.PASSWORD.equals(request.getParameter("password"))) {
            throw new OAuthError("invalid_grant", "authentication failure");
        }
    }

    private Set<String> audiences() {
        return Set.of(simulator.baseUrl(), "https://login.salesforce.com", "https://test.salesforce.com");
    }

    /** Builds the success body. camel-salesforce 4.18 reads the org id from "/id/<18-character org id>/" in the id URL. */
    private ObjectNode grantBody(boolean jwtBearer) {
        String baseUrl = simulator.baseUrl();
        String identityUrl = baseUrl + "/id/" + simulator.org().orgId() + "/" + SimulatedOrg.API_USER_ID;
        String issuedAt = String.valueOf(System.currentTimeMillis());
        ObjectNode body = MAPPER.createObjectNode();
        body.put("access_token", simulator.issueToken());
        if (jwtBearer) {
            body.put("scope", "web openid api id");
        }
        body.put("instance_url", baseUrl);
        body.put("id", identityUrl);
        body.put("token_type", "Bearer");
        body.put("issued_at", issuedAt);
        body.put("signature", TokenFactory.signature(identityUrl, issuedAt, SalesforceSimulator.CLIENT_SECRET));
        return body;
    }

    private void revoke(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (simulator.revokeToken(request.getParameter("token"))) {
            response.setStatus(HttpServletResponse.SC_OK);
            return;
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", "invalid_token");
        body.put("error_description", "the token is not valid or was already revoked");
        writeJson(response, HttpServletResponse.SC_BAD_REQUEST, body);
    }

    private static void writeJson(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private");
        MAPPER.writeValue(response.getOutputStream(), body);
    }
}
