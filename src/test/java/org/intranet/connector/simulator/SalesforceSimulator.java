package org.intranet.connector.simulator;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server on 127.0.0.1 that speaks the parts of Salesforce's wire protocol the connector uses:
 * the OAuth 2.0 token and revoke endpoints, and the REST API versions, resources, limits, query,
 * queryMore and User record resources over a {@link SimulatedOrg}. The real camel-salesforce client
 * can use {@link #baseUrl()} as its loginUrl, and the token response names the same URL as instance_url.
 */
public final class SalesforceSimulator implements AutoCloseable {

    public static final String CLIENT_ID = "sim-client-id";
    public static final String CLIENT_SECRET = "sim-client-secret";
    public static final String USERNAME = "integration@sample-org.example";
    public static final String PASSWORD = "sim-password";

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceSimulator.class);

    private final SimulatedOrg org;
    private final Server server;
    private final AtomicInteger dataCalls = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final List<X509Certificate> trustedCertificates = new CopyOnWriteArrayList<>();
    private final Faults faults = new Faults(dataCalls::get);
    private volatile String baseUrl;

    private SalesforceSimulator(SimulatedOrg org) {
        this.org = org;
        this.server = new Server();
    }

    /** Starts a simulator on 127.0.0.1 at a free port chosen by the operating system. */
    public static SalesforceSimulator start(SimulatedOrg org) {
        return start(org, 0);
    }

    /** Starts a simulator on 127.0.0.1 at {@code port}, or at a free port when {@code port} is 0. */
    public static SalesforceSimulator start(SimulatedOrg org, int port) {
        SalesforceSimulator simulator = new SalesforceSimulator(org);
        simulator.startServer(port);
        return simulator;
    }

    private void startServer(int port) {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new OAuthServlet(this)), "/services/oauth2/*");
        context.addServlet(new ServletHolder(new RestApiServlet(this)), "/services/data/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Failed to start the Salesforce simulator on 127.0.0.1:" + port, e);
        }
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
        LOG.info("Salesforce simulator started at {} with {} users", baseUrl, org.size());
    }

    /** Returns "http://127.0.0.1:port", the loginUrl for camel-salesforce and the instance_url it is given. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    }

    public SimulatedOrg org() {
        return org;
    }

    public Faults faults() {
        return faults;
    }

    /** Returns the number of REST requests under /services/data so far, failed ones included. OAuth requests are not counted. */
    public int apiCallCount() {
        return dataCalls.get();
    }

    /** Returns the number of successful token grants so far. */
    public int loginCount() {
        return logins.get();
    }

    /** Returns the SOQL text of every query request received, in arrival order (queryMore is not included). */
    public List<String> queries() {
        return List.copyOf(new ArrayList<>(queries));
    }

    /** Accepts JWT bearer assertions signed by the key of {@code certificate}. */
    public void trustJwtCertificate(X509Certificate certificate) {
        trustedCertificates.add(certificate);
    }

    @Override
    public void close() {
        try {
            server.stop();
            LOG.info("Salesforce simulator at {} stopped after {} data calls and {} logins", baseUrl,
                    dataCalls.get(), logins.get());
        } catch (Exception e) {
            throw new IllegalStateException("Failed to stop the Salesforce simulator at " + baseUrl, e);
        }
    }

    int recordDataCall() {
        return dataCalls.incrementAndGet();
    }

    void recordQuery(String soql) {
        queries.add(soql);
    }

    String issueToken() {
        String token = TokenFactory.newAccessToken(org.orgId());
        validTokens.add(token);
        logins.incrementAndGet();
        return token;
    }

    boolean isValidToken(String token) {
        return token != null && validTokens.contains(token);
    }

    boolean revokeToken(String token) {
        return token != null && validTokens.remove(token);
    }

    void revokeAllTokens() {
        validTokens.clear();
    }

    List<X509Certificate> trustedCertificates() {
        return List.copyOf(trustedCertificates);
    }
}
