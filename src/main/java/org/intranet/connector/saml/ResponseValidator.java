package org.intranet.connector.saml;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.saml2.encryption.EncryptedElementTypeEncryptedKeyResolver;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.ChainingEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.DecryptionException;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.SimpleRetrievalMethodEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.DocumentFragment;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import org.intranet.connector.saml.SamlRejection.Reason;

/**
 * Stateless validation of a SAML 2.0 Response received over the HTTP-POST binding, as the Web Browser SSO profile and
 * its bearer subject confirmation require. Thread-safe.
 */
public final class ResponseValidator {

    /** Maximum age of a Response IssueInstant, on top of the clock skew. */
    static final Duration MAX_RESPONSE_AGE = Duration.ofMinutes(5);

    /**
     * Maximum element nesting depth of a response, the root counting as 1. Salesforce responses nest about 10 deep. The
     * limit keeps OpenSAML's recursive unmarshaller far from a StackOverflowError.
     */
    static final int MAX_DEPTH = 50;

    /** Maximum number of elements in a response, far above the few hundred of a response with many attributes. */
    static final int MAX_ELEMENTS = 5_000;

    /** Width of sso_assertion_replay.assertion_id, also applied to the Response ID. */
    static final int MAX_ID_LENGTH = 256;

    /** Width of sso_authn_request.request_id, which InResponseTo is looked up in. */
    static final int MAX_REQUEST_ID_LENGTH = 128;

    private final SamlSettings settings;
    private final IdentityProviderMetadata idp;
    private final SignatureVerifier signatureVerifier;
    private final BasicX509Credential decryptionCredential;

    /**
     * @param decryptionKey the SP private key for EncryptedAssertion, or null when encryption is not configured
     */
    public ResponseValidator(SamlSettings settings, IdentityProviderMetadata idp, PrivateKey decryptionKey,
            X509Certificate decryptionCertificate) {
        OpenSaml.initialize();
        this.settings = settings;
        this.idp = idp;
        this.signatureVerifier = new SignatureVerifier(idp.signingCertificates(), settings.allowSha1());
        if (decryptionKey == null) {
            this.decryptionCredential = null;
        } else {
            BasicX509Credential credential = new BasicX509Credential(decryptionCertificate, decryptionKey);
            this.decryptionCredential = credential;
        }
    }

    /** Validates the value of the SAMLResponse form field. */
    public ValidatedResponse validate(String samlResponseField, Instant now) throws SamlRejection {
        Response response = parse(samlResponseField);
        String responseId = response.getID();
        checkId("response ID", responseId, MAX_ID_LENGTH);
        if (response.getInResponseTo() != null) {
            checkId("InResponseTo of response " + responseId, response.getInResponseTo(), MAX_REQUEST_ID_LENGTH);
        }
        if (response.getVersion() == null || !SAMLVersion.VERSION_20.equals(response.getVersion())) {
            throw new SamlRejection(Reason.UNSUPPORTED_VERSION, "response " + responseId + " has version "
                    + response.getVersion());
        }
        checkStatus(response);
        checkResponseIssuer(response);
        checkDestination(response);
        checkIssueInstant(response, now);
        checkAssertionCount(response);

        boolean responseSigned = response.getSignature() != null;
        if (responseSigned) {
            signatureVerifier.verify(response, "response");
        }

        Assertion assertion = response.getAssertions().isEmpty()
                ? decrypt(response.getEncryptedAssertions().get(0), responseId)
                : response.getAssertions().get(0);
        String assertionId = assertion.getID();
        checkId("assertion ID in response " + responseId, assertionId, MAX_ID_LENGTH);
        if (assertion.getSignature() != null) {
            signatureVerifier.verify(assertion, "assertion");
        } else if (!responseSigned) {
            throw new SamlRejection(Reason.SIGNATURE_MISSING, "neither response " + responseId + " nor assertion "
                    + assertionId + " is signed");
        }

        if (assertion.getVersion() == null || !SAMLVersion.VERSION_20.equals(assertion.getVersion())) {
            throw new SamlRejection(Reason.UNSUPPORTED_VERSION, "assertion " + assertionId + " has version "
                    + assertion.getVersion());
        }
        checkAssertionIssuer(assertion);
        SubjectConfirmationData confirmation = checkSubjectConfirmation(assertion, response.getInResponseTo(), now);
        Conditions conditions = checkConditions(assertion, now);
        List<AuthnStatement> authnStatements = assertion.getAuthnStatements();
        if (authnStatements.isEmpty()) {
            throw new SamlRejection(Reason.MISSING_AUTHN_STATEMENT, "assertion " + assertionId
                    + " has no AuthnStatement");
        }

        Instant sessionNotOnOrAfter = null;
        for (AuthnStatement statement : authnStatements) {
            Instant limit = statement.getSessionNotOnOrAfter();
            if (limit != null && (sessionNotOnOrAfter == null || limit.isBefore(sessionNotOnOrAfter))) {
                sessionNotOnOrAfter = limit;
            }
        }
        if (sessionNotOnOrAfter != null && !sessionNotOnOrAfter.isAfter(now)) {
            // A session cookie for this assertion would be expired on arrival, and the browser would be sent
            // straight back to the IdP, which replies with the same session limit again.
            throw new SamlRejection(Reason.SESSION_EXPIRED, "assertion " + assertionId + " session already expired:"
                    + " SessionNotOnOrAfter " + sessionNotOnOrAfter + " is not after now " + now);
        }
        Instant replayExpiry = confirmation.getNotOnOrAfter();
        if (conditions.getNotOnOrAfter() != null && conditions.getNotOnOrAfter().isAfter(replayExpiry)) {
            replayExpiry = conditions.getNotOnOrAfter();
        }
        return new ValidatedResponse(responseId, response.getInResponseTo(), assertionId, nameIdText(assertion),
                attributes(assertion), authnStatements.get(0).getSessionIndex(), sessionNotOnOrAfter,
                replayExpiry.plus(settings.clockSkew()));
    }

    private Response parse(String field) throws SamlRejection {
        if (field == null || field.isBlank()) {
            throw new SamlRejection(Reason.MISSING_RESPONSE, "the SAMLResponse form field is missing or empty");
        }
        if (field.length() > settings.maxResponseBytes()) {
            throw new SamlRejection(Reason.RESPONSE_TOO_LARGE, "the SAMLResponse form field has " + field.length()
                    + " bytes, more than saml.max-response-bytes=" + settings.maxResponseBytes());
        }
        byte[] xml;
        try {
            xml = Base64.getMimeDecoder().decode(field);
        } catch (IllegalArgumentException e) {
            throw new SamlRejection(Reason.MALFORMED_RESPONSE, "SAMLResponse is not valid base64: " + e.getMessage());
        }
        if (containsDoctype(xml)) {
            throw new SamlRejection(Reason.DOCTYPE_NOT_ALLOWED, "the response XML contains a DOCTYPE declaration");
        }
        Document document;
        try {
            document = OpenSaml.parse(xml);
        } catch (XMLParserException e) {
            if (String.valueOf(e.getMessage()).contains("DOCTYPE")
                    || e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("DOCTYPE")) {
                throw new SamlRejection(Reason.DOCTYPE_NOT_ALLOWED, "the response XML contains a DOCTYPE declaration");
            }
            throw new SamlRejection(Reason.MALFORMED_RESPONSE, "the response is not well-formed XML: "
                    + e.getMessage());
        }
        Element root = document.getDocumentElement();
        if (!SAMLConstants.SAML20P_NS.equals(root.getNamespaceURI()) || !"Response".equals(root.getLocalName())) {
            throw new SamlRejection(Reason.MALFORMED_RESPONSE, "the root element is {" + root.getNamespaceURI() + "}"
                    + root.getLocalName() + ", expected samlp:Response");
        }
        checkShape(root);
        checkUniqueIds(root);
        try {
            XMLObject object = OpenSaml.unmarshal(root);
            return (Response) object;
        } catch (UnmarshallingException | ClassCastException | IllegalArgumentException e) {
            throw new SamlRejection(Reason.MALFORMED_RESPONSE, "the response cannot be unmarshalled: "
                    + e.getMessage());
        }
    }

    /** Finds a DOCTYPE in the usual encodings before the parser reads it; the parser also rejects DTDs. */
    private static boolean containsDoctype(byte[] xml) {
        String ascii = new String(xml, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        String utf16 = new String(xml, StandardCharsets.UTF_16).toUpperCase(Locale.ROOT);
        return ascii.contains("<!DOCTYPE") || utf16.contains("<!DOCTYPE");
    }

    /**
     * Rejects a document nested deeper than {@link #MAX_DEPTH} or with more than {@link #MAX_ELEMENTS} elements. The
     * walk uses an explicit stack, so the check itself cannot overflow the thread stack.
     */
    static void checkShape(Element root) throws SamlRejection {
        int elements = 0;
        List<Element> pending = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        pending.add(root);
        depths.add(1);
        while (!pending.isEmpty()) {
            Element element = pending.remove(pending.size() - 1);
            int depth = depths.remove(depths.size() - 1);
            elements++;
            if (depth > MAX_DEPTH) {
                throw new SamlRejection(Reason.DOCUMENT_TOO_COMPLEX, "the response XML nests elements more than "
                        + MAX_DEPTH + " deep (element " + element.getLocalName() + ")");
            }
            if (elements > MAX_ELEMENTS) {
                throw new SamlRejection(Reason.DOCUMENT_TOO_COMPLEX, "the response XML has more than "
                        + MAX_ELEMENTS + " elements");
            }
            for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element childElement) {
                    pending.add(childElement);
                    depths.add(depth + 1);
                }
            }
        }
    }

    /**
     * Rejects a missing ID, one longer than the store column it is kept or looked up in, or one with a control
     * character, before the ID reaches the store or a log line.
     */
    private static void checkId(String what, String id, int maxLength) throws SamlRejection {
        if (id == null || id.isEmpty()) {
            throw new SamlRejection(Reason.INVALID_ID, "the " + what + " is missing");
        }
        if (id.length() > maxLength) {
            throw new SamlRejection(Reason.INVALID_ID, "the " + what + " has " + id.length()
                    + " characters, more than the maximum " + maxLength + ": " + id.substring(0, 40) + "...");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new SamlRejection(Reason.INVALID_ID, "the " + what + " contains a control character: " + id);
        }
    }

    /**
     * Rejects a document in which two attributes named ID (in any case, in any namespace, including xml:id) hold the
     * same value. Duplicate IDs are the basis of most signature-wrapping attacks, because the element a signature
     * reference resolves to is then ambiguous.
     */
    static void checkUniqueIds(Element root) throws SamlRejection {
        Set<String> seen = new HashSet<>();
        List<Element> pending = new ArrayList<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            Element element = pending.remove(pending.size() - 1);
            NamedNodeMap attributes = element.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attribute = (Attr) attributes.item(i);
                String name = attribute.getLocalName() != null ? attribute.getLocalName() : attribute.getName();
                boolean idLike = name.equalsIgnoreCase("ID") || name.equals("AssertionID") || attribute.isId();
                if (idLike && !seen.add(attribute.getValue())) {
                    throw new SamlRejection(Reason.DUPLICATE_ID, "the ID " + attribute.getValue()
                            + " occurs more than once in the response");
                }
            }
            for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element childElement) {
                    pending.add(childElement);
                }
            }
        }
    }

    private static void checkStatus(Response response) throws SamlRejection {
        String code = response.getStatus() == null || response.getStatus().getStatusCode() == null
                ? null
                : response.getStatus().getStatusCode().getValue();
        if (!StatusCode.SUCCESS.equals(code)) {
            String second = response.getStatus() != null && response.getStatus().getStatusCode() != null
                    && response.getStatus().getStatusCode().getStatusCode() != null
                            ? ", second-level " + response.getStatus().getStatusCode().getStatusCode().getValue()
                            : "";
            throw new SamlRejection(Reason.STATUS_NOT_SUCCESS, "response " + response.getID() + " has status "
                    + code + second);
        }
    }

    private void checkResponseIssuer(Response response) throws SamlRejection {
        Issuer issuer = response.getIssuer();
        if (issuer == null) {
            return;
        }
        if (!isIdpIssuer(issuer)) {
            throw new SamlRejection(Reason.WRONG_RESPONSE_ISSUER, "response " + response.getID() + " issuer "
                    + textOf(issuer.getDOM()) + " is not the IdP " + idp.entityId());
        }
    }

    private void checkAssertionIssuer(Assertion assertion) throws SamlRejection {
        Issuer issuer = assertion.getIssuer();
        if (issuer == null || !isIdpIssuer(issuer)) {
            throw new SamlRejection(Reason.WRONG_ASSERTION_ISSUER, "assertion " + assertion.getID() + " issuer "
                    + (issuer == null ? "(missing)" : textOf(issuer.getDOM())) + " is not the IdP " + idp.entityId());
        }
    }

    private boolean isIdpIssuer(Issuer issuer) {
        boolean entityFormat = issuer.getFormat() == null || NameIDType.ENTITY.equals(issuer.getFormat());
        return entityFormat && idp.entityId().equals(textOf(issuer.getDOM()));
    }

    private void checkDestination(Response response) throws SamlRejection {
        if (!settings.acsUrl().equals(response.getDestination())) {
            throw new SamlRejection(Reason.WRONG_DESTINATION, "response " + response.getID() + " destination "
                    + response.getDestination() + " is not the ACS URL " + settings.acsUrl());
        }
    }

    private void checkIssueInstant(Response response, Instant now) throws SamlRejection {
        Instant issued = response.getIssueInstant();
        Duration skew = settings.clockSkew();
        if (issued == null || issued.isAfter(now.plus(skew))
                || issued.isBefore(now.minus(MAX_RESPONSE_AGE).minus(skew))) {
            throw new SamlRejection(Reason.STALE_RESPONSE, "response " + response.getID() + " IssueInstant " + issued
                    + " is outside " + MAX_RESPONSE_AGE + " plus clock skew " + skew + " of now " + now);
        }
    }

    /**
     * Requires exactly one Assertion or EncryptedAssertion, as a direct child of the Response, and no assertion
     * anywhere else in the document (Extensions, ds:Object, Advice), so that the assertion processed is the only one.
     */
    private static void checkAssertionCount(Response response) throws SamlRejection {
        int direct = response.getAssertions().size() + response.getEncryptedAssertions().size();
        Element root = response.getDOM();
        int anywhere = root.getElementsByTagNameNS(SAMLConstants.SAML20_NS, "Assertion").getLength()
                + root.getElementsByTagNameNS(SAMLConstants.SAML20_NS, "EncryptedAssertion").getLength();
        if (direct != 1 || anywhere != 1) {
            throw new SamlRejection(Reason.ASSERTION_COUNT, "response " + response.getID() + " has " + direct
                    + " assertion(s) as children and " + anywhere + " in the document, expected exactly one");
        }
    }

    private Assertion decrypt(EncryptedAssertion encrypted, String responseId) throws SamlRejection {
        if (decryptionCredential == null) {
            throw new SamlRejection(Reason.DECRYPTION_KEY_MISSING, "response " + responseId
                    + " carries an EncryptedAssertion but saml.decryption-key is not set. Set it to the private key"
                    + " of the certificate uploaded to the Salesforce connected app, or turn off assertion"
                    + " encryption there");
        }
        // NOTE: when the Response is unsigned, decryption runs before any signature check, which exposes the
        // CBC decryption to chosen-ciphertext probing. Salesforce signs the Response, which is checked first.
        Decrypter decrypter = new Decrypter(null, new StaticKeyInfoCredentialResolver(decryptionCredential),
                new ChainingEncryptedKeyResolver(List.of(new InlineEncryptedKeyResolver(),
                        new EncryptedElementTypeEncryptedKeyResolver(), new SimpleRetrievalMethodEncryptedKeyResolver())),
                null, List.of(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSA15));
        // Decrypted to DOM first, so the shape check runs before anything recursive touches the content.
        Element decrypted;
        try {
            DocumentFragment fragment = decrypter.decryptDataToDOM(encrypted.getEncryptedData());
            decrypted = firstElement(fragment);
        } catch (DecryptionException | RuntimeException e) {
            throw new SamlRejection(Reason.DECRYPTION_FAILED, "the EncryptedAssertion in response " + responseId
                    + " cannot be decrypted with saml.decryption-key: " + e.getMessage());
        }
        if (decrypted == null || !SAMLConstants.SAML20_NS.equals(decrypted.getNamespaceURI())
                || !"Assertion".equals(decrypted.getLocalName())) {
            throw new SamlRejection(Reason.DECRYPTION_FAILED, "the EncryptedAssertion in response " + responseId
                    + " does not decrypt to one saml:Assertion");
        }
        checkShape(decrypted);
        Assertion assertion;
        try {
            assertion = (Assertion) OpenSaml.unmarshal(OpenSaml.rootOfNewDocument(decrypted));
        } catch (XMLParserException | UnmarshallingException | ClassCastException e) {
            throw new SamlRejection(Reason.DECRYPTION_FAILED, "the decrypted assertion in response " + responseId
                    + " cannot be read: " + e.getMessage());
        }
        Element root = assertion.getDOM();
        checkUniqueIds(root);
        int nested = root.getElementsByTagNameNS(SAMLConstants.SAML20_NS, "Assertion").getLength()
                + root.getElementsByTagNameNS(SAMLConstants.SAML20_NS, "EncryptedAssertion").getLength();
        if (nested != 0) {
            throw new SamlRejection(Reason.ASSERTION_COUNT, "the decrypted assertion " + assertion.getID()
                    + " contains " + nested + " further assertion(s)");
        }
        return assertion;
    }

    private static Element firstElement(DocumentFragment fragment) {
        for (Node child = fragment.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                return (Element) child;
            }
        }
        return null;
    }

    /**
     * Returns the data of the first bearer SubjectConfirmation that satisfies the profile. When none does, the
     * rejection names what was wrong with the first bearer confirmation.
     */
    private SubjectConfirmationData checkSubjectConfirmation(Assertion assertion, String inResponseTo, Instant now)
            throws SamlRejection {
        Subject subject = assertion.getSubject();
        SamlRejection firstFailure = null;
        if (subject != null) {
            for (SubjectConfirmation confirmation : subject.getSubjectConfirmations()) {
                if (!SubjectConfirmation.METHOD_BEARER.equals(confirmation.getMethod())) {
                    continue;
                }
                try {
                    return checkBearerData(assertion.getID(), confirmation.getSubjectConfirmationData(), inResponseTo,
                            now);
                } catch (SamlRejection rejection) {
                    if (firstFailure == null) {
                        firstFailure = rejection;
                    }
                }
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
        throw new SamlRejection(Reason.NO_BEARER_CONFIRMATION, "assertion " + assertion.getID()
                + " has no bearer SubjectConfirmation");
    }

    private SubjectConfirmationData checkBearerData(String assertionId, SubjectConfirmationData data,
            String inResponseTo, Instant now) throws SamlRejection {
        Duration skew = settings.clockSkew();
        if (data == null) {
            throw new SamlRejection(Reason.NO_BEARER_CONFIRMATION, "assertion " + assertionId
                    + " bearer confirmation has no SubjectConfirmationData");
        }
        if (!settings.acsUrl().equals(data.getRecipient())) {
            throw new SamlRejection(Reason.WRONG_RECIPIENT, "assertion " + assertionId + " recipient "
                    + data.getRecipient() + " is not the ACS URL " + settings.acsUrl());
        }
        if (data.getNotOnOrAfter() == null || !now.minus(skew).isBefore(data.getNotOnOrAfter())) {
            throw new SamlRejection(Reason.SUBJECT_CONFIRMATION_EXPIRED, "assertion " + assertionId
                    + " SubjectConfirmationData NotOnOrAfter " + data.getNotOnOrAfter() + " is missing or passed"
                    + " (now " + now + ", clock skew " + skew + ")");
        }
        if (data.getNotBefore() != null && now.plus(skew).isBefore(data.getNotBefore())) {
            throw new SamlRejection(Reason.SUBJECT_CONFIRMATION_EXPIRED, "assertion " + assertionId
                    + " SubjectConfirmationData NotBefore " + data.getNotBefore() + " is in the future");
        }
        String confirmationInResponseTo = data.getInResponseTo();
        boolean same = inResponseTo == null ? confirmationInResponseTo == null
                : inResponseTo.equals(confirmationInResponseTo);
        if (!same) {
            throw new SamlRejection(Reason.SUBJECT_CONFIRMATION_IN_RESPONSE_TO, "assertion " + assertionId
                    + " SubjectConfirmationData InResponseTo " + confirmationInResponseTo
                    + " differs from the response InResponseTo " + inResponseTo);
        }
        return data;
    }

    private Conditions checkConditions(Assertion assertion, Instant now) throws SamlRejection {
        String id = assertion.getID();
        Conditions conditions = assertion.getConditions();
        if (conditions == null) {
            throw new SamlRejection(Reason.MISSING_CONDITIONS, "assertion " + id + " has no Conditions");
        }
        Duration skew = settings.clockSkew();
        if (conditions.getNotBefore() != null && now.plus(skew).isBefore(conditions.getNotBefore())) {
            throw new SamlRejection(Reason.ASSERTION_NOT_YET_VALID, "assertion " + id + " NotBefore "
                    + conditions.getNotBefore() + " is after now " + now + " plus clock skew " + skew);
        }
        if (conditions.getNotOnOrAfter() != null && !now.minus(skew).isBefore(conditions.getNotOnOrAfter())) {
            throw new SamlRejection(Reason.ASSERTION_EXPIRED, "assertion " + id + " NotOnOrAfter "
                    + conditions.getNotOnOrAfter() + " has passed (now " + now + ", clock skew " + skew + ")");
        }
        List<AudienceRestriction> restrictions = conditions.getAudienceRestrictions();
        if (restrictions.isEmpty()) {
            throw new SamlRejection(Reason.WRONG_AUDIENCE, "assertion " + id + " has no AudienceRestriction");
        }
        for (AudienceRestriction restriction : restrictions) {
            boolean listed = false;
            for (Audience audience : restriction.getAudiences()) {
                listed |= settings.spEntityId().equals(textOf(audience.getDOM()));
            }
            if (!listed) {
                throw new SamlRejection(Reason.WRONG_AUDIENCE, "assertion " + id + " AudienceRestriction does not"
                        + " list the SP entity ID " + settings.spEntityId());
            }
        }
        return conditions;
    }

    /**
     * Returns the NameID as the whole DOM text content, so a comment inside the element cannot truncate it.
     * NOTE: an EncryptedID subject is not decrypted, so it yields null and only attribute identifiers work then.
     */
    private static String nameIdText(Assertion assertion) {
        Subject subject = assertion.getSubject();
        if (subject == null || subject.getNameID() == null) {
            return null;
        }
        return textOf(subject.getNameID().getDOM());
    }

    private static Map<String, List<String>> attributes(Assertion assertion) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (AttributeStatement statement : assertion.getAttributeStatements()) {
            for (Attribute attribute : statement.getAttributes()) {
                if (attribute.getName() == null) {
                    continue;
                }
                List<String> values = result.computeIfAbsent(attribute.getName(), name -> new ArrayList<>());
                for (XMLObject value : attribute.getAttributeValues()) {
                    values.add(textOf(value.getDOM()));
                }
            }
        }
        result.replaceAll((name, values) -> List.copyOf(values));
        return Map.copyOf(result);
    }

    /** Concatenates every text node under the element; comments and processing instructions are skipped. */
    static String textOf(Element element) {
        return element == null ? null : element.getTextContent();
    }
}
