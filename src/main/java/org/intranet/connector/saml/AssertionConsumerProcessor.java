package org.intranet.connector.saml;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.intranet.connector.saml.SamlRejection.Reason;
import org.intranet.connector.store.SsoStateRepository;
import org.intranet.connector.store.SsoStateRepository.OutstandingRequest;
import org.intranet.connector.web.HtmlPages;
import org.intranet.connector.web.HttpExchanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /saml/acs}: the assertion consumer service for the HTTP-POST binding. It validates the response, checks
 * InResponseTo against this browser's outstanding requests and the assertion ID against the replay cache, resolves
 * the user, opens a session and redirects to the RelayState path.
 *
 * <p>A rejection is logged at INFO with its reason and ids. The user gets a plain 400 or 403 page without details.
 * Every value from the message goes through {@link LogText#escape} before it is logged.
 */
public final class AssertionConsumerProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AssertionConsumerProcessor.class);

    private final ResponseValidator validator;
    private final SsoStateRepository repository;
    private final LoginUserResolver users;
    private final WebSessions sessions;
    private final SamlSettings settings;

    public AssertionConsumerProcessor(ResponseValidator validator, SsoStateRepository repository,
            LoginUserResolver users, WebSessions sessions, SamlSettings settings) {
        this.validator = validator;
        this.repository = repository;
        this.users = users;
        this.sessions = sessions;
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) {
        PageErrors.guard(exchange, LOG, () -> {
            HttpServletRequest request = HttpExchanges.request(exchange);
            try {
                consume(exchange, request);
            } catch (SamlRejection rejection) {
                LOG.info("SAML response rejected: {}", LogText.escape(rejection.getMessage()));
                Reason reason = rejection.reason();
                HttpExchanges.html(exchange, reason.httpStatus(),
                        HtmlPages.message("Sign-in failed", reason.userMessage()), List.of());
            }
        });
    }

    private void consume(Exchange exchange, HttpServletRequest request) throws SamlRejection {
        Instant now = sessions.clock().instant();
        sessions.purgeExpiredOccasionally();
        if (request.getQueryString() != null) {
            // The servlet API merges query and body parameters; the ACS URL has no query, so none is accepted.
            throw new SamlRejection(Reason.MALFORMED_RESPONSE, "the POST to the ACS has a query string");
        }
        List<String> fields = formValues(request, "SAMLResponse");
        List<String> relayStates = formValues(request, "RelayState");
        if (fields.size() > 1 || relayStates.size() > 1) {
            throw new SamlRejection(Reason.MALFORMED_RESPONSE, "the form has " + fields.size()
                    + " SAMLResponse and " + relayStates.size() + " RelayState fields, expected at most one each");
        }
        ValidatedResponse response = validator.validate(fields.isEmpty() ? null : fields.get(0), now);
        checkInResponseTo(response, request, now);
        if (!repository.recordAssertion(response.assertionId(), now, response.replayCacheExpiry())) {
            throw new SamlRejection(Reason.REPLAYED_ASSERTION, "assertion " + response.assertionId()
                    + " was already accepted once");
        }
        LoginUser user = users.resolve(response);
        String sessionCookie = sessions.create(user, response, now);

        String relayState = relayStates.isEmpty() ? null : relayStates.get(0);
        String target = RelayStates.safeTarget(relayState);
        if (relayState != null && !relayState.isEmpty() && target.equals("/") && !relayState.equals("/")) {
            LOG.info("RelayState of response {} is not a local path; sending the user to /",
                    LogText.escape(response.responseId()));
        }
        LOG.info("Signed in user {} with assertion {} ({})", LogText.escape(user.salesforceId()),
                LogText.escape(response.assertionId()),
                response.inResponseTo() == null
                        ? "IdP-initiated"
                        : "answers " + LogText.escape(response.inResponseTo()));
        HttpExchanges.redirect(exchange, settings.externalBaseUrl() + target, List.of(sessionCookie));
    }

    /** Returns the values of a field of the POST body. */
    private static List<String> formValues(HttpServletRequest request, String name) throws SamlRejection {
        String[] values;
        try {
            values = request.getParameterValues(name);
        } catch (RuntimeException e) {
            // Jetty raises BadMessageException for a body over its form size limit or with bad encoding.
            throw new SamlRejection(Reason.RESPONSE_TOO_LARGE, "the form body cannot be parsed: " + e.getMessage());
        }
        return values == null ? List.of() : List.of(values);
    }

    private void checkInResponseTo(ValidatedResponse response, HttpServletRequest request, Instant now)
            throws SamlRejection {
        String requestId = response.inResponseTo();
        if (requestId == null) {
            if (!settings.allowUnsolicited()) {
                throw new SamlRejection(Reason.UNSOLICITED_NOT_ALLOWED, "response " + response.responseId()
                        + " is unsolicited (no InResponseTo) and saml.allow-unsolicited=false");
            }
            return;
        }
        Optional<OutstandingRequest> outstanding = repository.findAuthnRequest(requestId);
        if (outstanding.isEmpty()) {
            throw new SamlRejection(Reason.UNKNOWN_REQUEST, "response " + response.responseId()
                    + " answers request " + requestId + ", which was never sent or was already answered");
        }
        Optional<String> binding = sessions.bindingValue(request);
        String bindingHash = binding.map(WebSessions::sha256).orElse("");
        if (!bindingHash.equals(outstanding.get().browserBindingHash())) {
            throw new SamlRejection(Reason.REQUEST_OF_ANOTHER_BROWSER, "response " + response.responseId()
                    + " answers request " + requestId + ", which was issued to another browser"
                    + (binding.isEmpty() ? " (no binding cookie)" : ""));
        }
        if (!outstanding.get().expiresAt().isAfter(now)) {
            throw new SamlRejection(Reason.REQUEST_EXPIRED, "response " + response.responseId() + " answers request "
                    + requestId + ", which expired at " + outstanding.get().expiresAt());
        }
        if (!repository.consumeAuthnRequest(requestId, bindingHash, now)) {
            throw new SamlRejection(Reason.UNKNOWN_REQUEST, "request " + requestId
                    + " was answered by a concurrent response");
        }
    }
}
