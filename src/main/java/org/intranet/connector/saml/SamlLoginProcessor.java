package org.intranet.connector.saml;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.intranet.connector.store.SsoStateRepository;
import org.intranet.connector.web.HttpExchanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /saml/login?RelayState=/path}: starts SP-initiated login. The request ID is stored with the digest of a
 * browser-binding cookie, so that only this browser can answer it. A browser that already has a session goes straight
 * to the target page.
 *
 * <p>Every AuthnRequest gets a fresh random binding value that replaces any binding cookie the browser holds. Reusing
 * the cookie would let someone who planted it (possible on plain HTTP, or from a sibling subdomain without the
 * __Host- prefix) answer the request with a response of their own. The cost is that of two logins started in one
 * browser at the same time, only the later one can complete.
 */
public final class SamlLoginProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SamlLoginProcessor.class);

    private final AuthnRequestFactory requests;
    private final SsoStateRepository repository;
    private final WebSessions sessions;
    private final SamlSettings settings;

    public SamlLoginProcessor(AuthnRequestFactory requests, SsoStateRepository repository, WebSessions sessions,
            SamlSettings settings) {
        this.requests = requests;
        this.repository = repository;
        this.sessions = sessions;
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) {
        PageErrors.guard(exchange, LOG, () -> {
            HttpServletRequest request = HttpExchanges.request(exchange);
            String target = RelayStates.safeTarget(request.getParameter("RelayState"));
            if (sessions.current(request).isPresent()) {
                HttpExchanges.redirect(exchange, settings.externalBaseUrl() + target, List.of());
                return;
            }
            sessions.purgeExpiredOccasionally();
            Instant now = sessions.clock().instant();
            String binding = sessions.newBindingValue();
            AuthnRequestFactory.RedirectRequest authnRequest = requests.create(target, now);
            repository.saveAuthnRequest(authnRequest.requestId(), WebSessions.sha256(binding), now,
                    now.plus(settings.requestLifetime()));
            LOG.info("Sent AuthnRequest {} to the IdP", authnRequest.requestId());
            HttpExchanges.redirect(exchange, authnRequest.url(), List.of(sessions.bindingCookie(binding)));
        });
    }
}
