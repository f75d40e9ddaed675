package org.intranet.connector.simulator;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.intranet.connector.saml.OpenSaml;

/**
 * Builds a SAML Response the way the Salesforce IdP issues it, with switches for the hostile variants a service
 * provider must reject. Defaults: Response signed with RSA-SHA256 and exclusive c14n (enveloped), assertion unsigned,
 * Issuer the IdP entity ID, NameID the username, attributes from the IdP's user lookup, valid for five minutes.
 */
public final class SamlResponseBuilder {

    /** Signature-wrapping shapes applied to the signed DOM. */
    public enum Wrapping {
        /** Signed assertion kept; an unsigned evil assertion is added beside it. */
        EVIL_ASSERTION_BESIDE,
        /** Signed assertion moved into samlp:Extensions; an unsigned evil assertion takes its place. */
        SIGNED_ASSERTION_IN_EXTENSIONS,
        /** Evil assertion in place, carrying the original signature with the signed assertion inside its ds:Object. */
        SIGNED_ASSERTION_IN_SIGNATURE_OBJECT,
        /** Response ID changed and NameID rewritten; the Response signature still references the old ID. */
        RESPONSE_SIGNATURE_OVER_OTHER_ID,
        /** An unsigned evil assertion with the same ID as the signed one is placed before it. */
        DUPLICATE_ASSERTION_ID
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestIdentityProvider idp;
    private String nameId;
    private Map<String, List<String>> attributes;
    private String inResponseTo;
    private String destination;
    private String recipient;
    private String audience;
    private String responseIssuer;
    private String assertionIssuer;
    private Instant issueInstant = Instant.now();
    private Instant notBefore;
    private Instant notOnOrAfter;
    private Instant confirmationNotOnOrAfter;
    private Instant sessionNotOnOrAfter;
    private String statusCode = StatusCode.SUCCESS;
    private String confirmationMethod = SubjectConfirmation.METHOD_BEARER;
    private boolean signResponse = true;
    private boolean signAssertion;
    private boolean includeConditions = true;
    private KeyPair signingKey;
    private X509Certificate signingCertificate;
    private boolean sha1;
    private X509Certificate encryptFor;
    private int assertionCount = 1;
    private Integer nameIdCommentAt;
    private String doctype;
    private Wrapping wrapping;
    private String evilNameId = "admin@intranet.example";
    private String subjectConfirmationInResponseTo;
    private boolean subjectConfirmationInResponseToSet;
    private String responseId;
    private String assertionId;

    SamlResponseBuilder(TestIdentityProvider idp, String username, Map<String, List<String>> attributes) {
        this.idp = idp;
        this.nameId = username;
        this.attributes = new LinkedHashMap<>(attributes);
        this.destination = idp.acsUrl();
        this.recipient = idp.acsUrl();
        this.audience = idp.spEntityId();
        this.responseIssuer = idp.entityId();
        this.assertionIssuer = idp.entityId();
        this.signingKey = idp.keyPair();
        this.signingCertificate = idp.certificate();
    }

    /** Sets the Response ID instead of a random one. */
    public SamlResponseBuilder responseId(String value) {
        this.responseId = value;
        return this;
    }

    /** Sets the ID of the (first) assertion instead of a random one. */
    public SamlResponseBuilder assertionId(String value) {
        this.assertionId = value;
        return this;
    }

    public SamlResponseBuilder inResponseTo(String requestId) {
        this.inResponseTo = requestId;
        return this;
    }

    /** Sets the SubjectConfirmationData InResponseTo apart from the Response one (by default they are equal). */
    public SamlResponseBuilder subjectConfirmationInResponseTo(String requestId) {
        this.subjectConfirmationInResponseTo = requestId;
        this.subjectConfirmationInResponseToSet = true;
        return this;
    }

    public SamlResponseBuilder nameId(String value) {
        this.nameId = value;
        return this;
    }

    public SamlResponseBuilder attributes(Map<String, List<String>> values) {
        this.attributes = new LinkedHashMap<>(values);
        return this;
    }

    public SamlResponseBuilder attribute(String name, String... values) {
        this.attributes.put(name, List.of(values));
        return this;
    }

    public SamlResponseBuilder destination(String value) {
        this.destination = value;
        return this;
    }

    public SamlResponseBuilder recipient(String value) {
        this.recipient = value;
        return this;
    }

    public SamlResponseBuilder audience(String value) {
        this.audience = value;
        return this;
    }

    /** Sets the Issuer of both Response and Assertion. */
    public SamlResponseBuilder issuer(String value) {
        this.responseIssuer = value;
        this.assertionIssuer = value;
        return this;
    }

    public SamlResponseBuilder responseIssuer(String value) {
        this.responseIssuer = value;
        return this;
    }

    public SamlResponseBuilder assertionIssuer(String value) {
        this.assertionIssuer = value;
        return this;
    }

    /** Sets the IssueInstant; NotBefore and the NotOnOrAfter values default to times relative to it. */
    public SamlResponseBuilder issuedAt(Instant instant) {
        this.issueInstant = instant;
        return this;
    }

    public SamlResponseBuilder notBefore(Instant instant) {
        this.notBefore = instant;
        return this;
    }

    public SamlResponseBuilder notOnOrAfter(Instant instant) {
        this.notOnOrAfter = instant;
        return this;
    }

    public SamlResponseBuilder confirmationNotOnOrAfter(Instant instant) {
        this.confirmationNotOnOrAfter = instant;
        return this;
    }

    public SamlResponseBuilder sessionNotOnOrAfter(Instant instant) {
        this.sessionNotOnOrAfter = instant;
        return this;
    }

    public SamlResponseBuilder status(String topLevelStatusCode) {
        this.statusCode = topLevelStatusCode;
        return this;
    }

    public SamlResponseBuilder confirmationMethod(String method) {
        this.confirmationMethod = method;
        return this;
    }

    public SamlResponseBuilder withoutConditions() {
        this.includeConditions = false;
        return this;
    }

    public SamlResponseBuilder signResponse(boolean value) {
        this.signResponse = value;
        return this;
    }

    public SamlResponseBuilder signAssertion(boolean value) {
        this.signAssertion = value;
        return this;
    }

    /** Signs with another key, and puts that key's certificate in KeyInfo. */
    public SamlResponseBuilder signWith(KeyPair key, X509Certificate certificate) {
        this.signingKey = key;
        this.signingCertificate = certificate;
        return this;
    }

    /** Uses RSA-SHA1 and a SHA-1 digest, as older Salesforce connected apps do. */
    public SamlResponseBuilder sha1() {
        this.sha1 = true;
        return this;
    }

    /** Encrypts the assertion for the SP certificate (AES-256-CBC, RSA-OAEP key transport). */
    public SamlResponseBuilder encryptFor(X509Certificate spCertificate) {
        this.encryptFor = spCertificate;
        return this;
    }

    public SamlResponseBuilder assertionCount(int count) {
        this.assertionCount = count;
        return this;
    }

    /** After signing, splits the NameID text with an empty comment at this character position. */
    public SamlResponseBuilder commentInNameIdAt(int position) {
        this.nameIdCommentAt = position;
        return this;
    }

    /** Puts this DOCTYPE declaration before the root element (the signature stays as it was). */
    public SamlResponseBuilder doctype(String declaration) {
        this.doctype = declaration;
        return this;
    }

    public SamlResponseBuilder wrapping(Wrapping shape, String evilName) {
        this.wrapping = shape;
        this.evilNameId = evilName;
        return this;
    }

    /** Returns the base64 SAMLResponse form value. */
    public String build() {
        return Base64.getEncoder().encodeToString(xml().getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the response XML. */
    public String xml() {
        try {
            return buildXml();
        } catch (Exception e) {
            throw new IllegalStateException("building the test SAML response failed", e);
        }
    }

    private String buildXml() throws Exception {
        Instant now = issueInstant;
        Response response = OpenSaml.build(Response.DEFAULT_ELEMENT_NAME);
        response.setID(responseId != null ? responseId : newId());
        response.setVersion(SAMLVersion.VERSION_20);
        response.setIssueInstant(now);
        response.setDestination(destination);
        response.setInResponseTo(inResponseTo);
        if (responseIssuer != null) {
            response.setIssuer(issuerElement(responseIssuer));
        }
        Status status = OpenSaml.build(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = OpenSaml.build(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(statusCode);
        status.setStatusCode(code);
        response.setStatus(status);

        List<Signature> assertionSignatures = new ArrayList<>();
        for (int i = 0; i < assertionCount; i++) {
            Assertion assertion = assertion(now);
            if (i == 0 && assertionId != null) {
                assertion.setID(assertionId);
            }
            if (signAssertion) {
                assertionSignatures.add(sign(assertion));
            }
            if (encryptFor != null) {
                OpenSaml.marshal(assertion);
                for (Signature signature : assertionSignatures) {
                    Signer.signObject(signature);
                }
                assertionSignatures.clear();
                response.getEncryptedAssertions().add(encrypt(assertion));
            } else {
                response.getAssertions().add(assertion);
            }
        }
        Signature responseSignature = signResponse ? sign(response) : null;
        Element root = OpenSaml.marshal(response);
        for (Signature signature : assertionSignatures) {
            Signer.signObject(signature);
        }
        if (responseSignature != null) {
            Signer.signObject(responseSignature);
        }

        if (nameIdCommentAt != null) {
            insertCommentInNameId(root.getOwnerDocument());
        }
        if (wrapping != null) {
            Wrappings.apply(wrapping, root, evilNameId);
        }
        String xml = TestIdentityProvider.serialize(root);
        if (xml.startsWith("<?xml")) {
            xml = xml.substring(xml.indexOf("?>") + 2);
        }
        if (doctype != null) {
            xml = doctype + xml;
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xml;
    }

    private Assertion assertion(Instant now) {
        Assertion assertion = OpenSaml.build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID(newId());
        assertion.setVersion(SAMLVersion.VERSION_20);
        assertion.setIssueInstant(now);
        if (assertionIssuer != null) {
            assertion.setIssuer(issuerElement(assertionIssuer));
        }

        Subject subject = OpenSaml.build(Subject.DEFAULT_ELEMENT_NAME);
        NameID name = OpenSaml.build(NameID.DEFAULT_ELEMENT_NAME);
        name.setFormat(NameIDType.UNSPECIFIED);
        name.setValue(nameId);
        subject.setNameID(name);
        SubjectConfirmation confirmation = OpenSaml.build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(confirmationMethod);
        SubjectConfirmationData data = OpenSaml.build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setNotOnOrAfter(confirmationNotOnOrAfter != null ? confirmationNotOnOrAfter
                : now.plus(Duration.ofMinutes(5)));
        data.setRecipient(recipient);
        data.setInResponseTo(subjectConfirmationInResponseToSet ? subjectConfirmationInResponseTo : inResponseTo);
        confirmation.setSubjectConfirmationData(data);
        subject.getSubjectConfirmations().add(confirmation);
        assertion.setSubject(subject);

        if (includeConditions) {
            Conditions conditions = OpenSaml.build(Conditions.DEFAULT_ELEMENT_NAME);
            conditions.setNotBefore(notBefore != null ? notBefore : now.minus(Duration.ofSeconds(1)));
            conditions.setNotOnOrAfter(notOnOrAfter != null ? notOnOrAfter : now.plus(Duration.ofMinutes(5)));
            AudienceRestriction restriction = OpenSaml.build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
            Audience audienceElement = OpenSaml.build(Audience.DEFAULT_ELEMENT_NAME);
            audienceElement.setURI(audience);
            restriction.getAudiences().add(audienceElement);
            conditions.getAudienceRestrictions().add(restriction);
            assertion.setConditions(conditions);
        }

        AuthnStatement authn = OpenSaml.build(AuthnStatement.DEFAULT_ELEMENT_NAME);
        authn.setAuthnInstant(now);
        authn.setSessionIndex(newId());
        authn.setSessionNotOnOrAfter(sessionNotOnOrAfter);
        AuthnContext context = OpenSaml.build(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef classRef = OpenSaml.build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        classRef.setURI("urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified");
        context.setAuthnContextClassRef(classRef);
        authn.setAuthnContext(context);
        assertion.getAuthnStatements().add(authn);

        if (!attributes.isEmpty()) {
            AttributeStatement statement = OpenSaml.build(AttributeStatement.DEFAULT_ELEMENT_NAME);
            for (Map.Entry<String, List<String>> entry : attributes.entrySet()) {
                Attribute attribute = OpenSaml.build(Attribute.DEFAULT_ELEMENT_NAME);
                attribute.setName(entry.getKey());
                attribute.setNameFormat(Attribute.UNSPECIFIED);
                for (String value : entry.getValue()) {
                    XSAny element = (XSAny) XMLObjectProviderRegistrySupport.getBuilderFactory()
                            .getBuilderOrThrow(XSAny.TYPE_NAME)
                            .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME);
                    element.setTextContent(value);
                    attribute.getAttributeValues().add(element);
                }
                statement.getAttributes().add(attribute);
            }
            assertion.getAttributeStatements().add(statement);
        }
        return assertion;
    }

    private static Issuer issuerElement(String value) {
        Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setFormat(NameIDType.ENTITY);
        issuer.setValue(value);
        return issuer;
    }

    private Signature sign(SignableSAMLObject object) throws Exception {
        Signature signature = OpenSaml.build(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(new BasicX509Credential(signingCertificate, signingKey.getPrivate()));
        signature.setSignatureAlgorithm(sha1 ? SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1
                : SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        KeyInfo keyInfo = OpenSaml.build(KeyInfo.DEFAULT_ELEMENT_NAME);
        KeyInfoSupport.addCertificate(keyInfo, signingCertificate);
        signature.setKeyInfo(keyInfo);
        object.setSignature(signature);
        SAMLObjectContentReference reference = (SAMLObjectContentReference) signature.getContentReferences().get(0);
        reference.setDigestAlgorithm(sha1 ? SignatureConstants.ALGO_ID_DIGEST_SHA1
                : SignatureConstants.ALGO_ID_DIGEST_SHA256);
        return signature;
    }

    private EncryptedAssertion encrypt(Assertion assertion) throws Exception {
        DataEncryptionParameters data = new DataEncryptionParameters();
        data.setAlgorithm(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256);
        KeyEncryptionParameters key = new KeyEncryptionParameters();
        key.setEncryptionCredential(new BasicX509Credential(encryptFor));
        key.setAlgorithm(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP);
        Encrypter encrypter = new Encrypter(data, key);
        encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
        return encrypter.encrypt(assertion);
    }

    private void insertCommentInNameId(Document document) {
        Element name = (Element) document.getElementsByTagNameNS(SAMLConstants.SAML20_NS, "NameID").item(0);
        String text = name.getTextContent();
        while (name.getFirstChild() != null) {
            name.removeChild(name.getFirstChild());
        }
        name.appendChild(document.createTextNode(text.substring(0, nameIdCommentAt)));
        name.appendChild(document.createComment(""));
        name.appendChild(document.createTextNode(text.substring(nameIdCommentAt)));
    }

    static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
    }

    static Node firstChildElement(Node parent, String namespace, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }
}
