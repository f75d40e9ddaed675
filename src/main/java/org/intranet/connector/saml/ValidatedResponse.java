package org.intranet.connector.saml;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A SAML response that passed every stateless check: signature, issuer, destination, times, audience and subject
 * confirmation. The caller still checks InResponseTo against outstanding requests and the assertion ID against the
 * replay cache.
 *
 * @param inResponseTo        the request ID the response answers, or null for an unsolicited (IdP-initiated) response
 * @param nameId              the whole text content of the NameID element, or null when the subject has none
 * @param attributes          attribute name to values, each value the whole text content of its AttributeValue
 * @param sessionIndex        the first AuthnStatement SessionIndex, or null
 * @param sessionNotOnOrAfter the earliest AuthnStatement SessionNotOnOrAfter, or null
 * @param replayCacheExpiry   when the assertion ID may leave the replay cache: the assertion can no longer pass the
 *                            time checks after this instant
 */
public record ValidatedResponse(String responseId, String inResponseTo, String assertionId, String nameId,
        Map<String, List<String>> attributes, String sessionIndex, Instant sessionNotOnOrAfter,
        Instant replayCacheExpiry) {
}
