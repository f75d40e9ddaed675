package org.intranet.connector.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.intranet.connector.saml.PageErrors;
import org.intranet.connector.saml.RelayStates;
import org.intranet.connector.saml.SamlSettings;
import org.intranet.connector.saml.WebSessions;
import org.intranet.connector.saml.WebSessions.CurrentSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A page that needs a signed-in user. Without a valid session the browser is sent to {@code /saml/login} with the
 * requested path and query as RelayState, so it comes back here after login.
 */
public abstract class ProtectedPageProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ProtectedPageProcessor.class);

    private final WebSessions sessions;
    private final SamlSettings settings;

    protected ProtectedPageProcessor(WebSessions sessions, SamlSettings settings) {
        this.sessions = sessions;
        this.settings = settings;
    }

    @Override
    public final void process(Exchange exchange) {
        PageErrors.guard(exchange, LOG, () -> {
            HttpServletRequest request = HttpExchanges.request(exchange);
            Optional<CurrentSession> session = sessions.current(request);
            if (session.isEmpty()) {
                String requested = request.getRequestURI()
                        + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
                String target = RelayStates.safeTarget(requested);
                HttpExchanges.redirect(exchange, settings.externalBaseUrl() + SamlSettings.LOGIN_PATH
                        + "?RelayState=" + URLEncoder.encode(target, StandardCharsets.UTF_8), List.of());
                return;
            }
            HttpExchanges.html(exchange, 200, render(session.get()), List.of());
        });
    }

    /** Returns the page HTML for the signed-in user; every user value must go through {@link HtmlPages#escape}. */
    protected abstract String render(CurrentSession session);
}
