package org.intranet.connector.saml;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.intranet.connector.web.HtmlPages;
import org.intranet.connector.web.HttpExchanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /saml/logout}: ends the local session. With saml.slo-redirect=true and a SingleLogoutService in the IdP
 * metadata, it then sends the browser to Salesforce with a LogoutRequest, so the Salesforce session ends too.
 */
// NOTE: there is no SP single logout endpoint, so the IdP's LogoutResponse and IdP-initiated LogoutRequests are not
// handled; the IdP shows its own signed-out page.
public final class SamlLogoutProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SamlLogoutProcessor.class);

    private final WebSessions sessions;
    private final AuthnRequestFactory requests;
    private final SamlSettings settings;

    public SamlLogoutProcessor(WebSessions sessions, AuthnRequestFactory requests, SamlSettings settings) {
        this.sessions = sessions;
        this.requests = requests;
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) {
        PageErrors.guard(exchange, LOG, () -> {
            HttpServletRequest request = HttpExchanges.request(exchange);
            Optional<WebSessions.CurrentSession> current = sessions.current(request);
            String clearCookie = sessions.end(request);
            current.ifPresent(session -> LOG.info("Signed out user {}", session.user().salesforceId()));
            if (settings.sloRedirect() && current.isPresent()) {
                AuthnRequestFactory.RedirectRequest logout = requests.createLogout(current.get().record().nameId(),
                        current.get().record().sessionIndex(), sessions.clock().instant());
                if (logout != null) {
                    HttpExchanges.redirect(exchange, logout.url(), List.of(clearCookie));
                    return;
                }
            }
            HttpExchanges.html(exchange, 200, HtmlPages.page("Signed out", "<h1>Signed out</h1>"
                    + "<p>You are signed out of the intranet.</p><p><a href=\"/\">Sign in again</a></p>"),
                    List.of(clearCookie));
        });
    }
}
