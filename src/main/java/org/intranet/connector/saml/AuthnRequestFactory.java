package org.intranet.connector.saml;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.common.SAMLObject;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDPolicy;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.SessionIndex;

/**
 * Builds SP-initiated AuthnRequests for the HTTP-Redirect binding: raw DEFLATE, base64 and URL encoding, and, when
 * request signing is on, the query-string signature that binding defines (RSA-SHA256 over
 * {@code SAMLRequest=...&RelayState=...&SigAlg=...}).
 */
public final class AuthnRequestFactory {

    public static final String SIG_ALG_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SamlSettings settings;
    private final IdentityProviderMetadata idp;
    private final PrivateKey signingKey;

    /** A request ready to send: its ID (for InResponseTo) and the IdP URL to redirect the browser to. */
    public record RedirectRequest(String requestId, String url) {
    }

    /**
     * @param signingKey the SP private key when saml.sign-requests is on, otherwise null
     */
    public AuthnRequestFactory(SamlSettings settings, IdentityProviderMetadata idp, PrivateKey signingKey) {
        if (idp.redirectSsoUrl() == null) {
            throw new IllegalArgumentException("The IdP metadata in " + settings.idpMetadata() + " has no"
                    + " SingleSignOnService with the HTTP-Redirect binding. Download the metadata again from"
                    + " Salesforce Setup > Identity Provider.");
        }
        this.settings = settings;
        this.idp = idp;
        this.signingKey = signingKey;
    }

    /** Creates a request whose response should go back with the given RelayState (may be null). */
    public RedirectRequest create(String relayState, Instant now) {
        String requestId = newRequestId();
        AuthnRequest request = OpenSaml.build(AuthnRequest.DEFAULT_ELEMENT_NAME);
        request.setID(requestId);
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(now);
        request.setDestination(idp.redirectSsoUrl());
        request.setAssertionConsumerServiceURL(settings.acsUrl());
        request.setProtocolBinding(SAMLConstants.SAML2_POST_BINDING_URI);
        Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(settings.spEntityId());
        request.setIssuer(issuer);
        NameIDPolicy policy = OpenSaml.build(NameIDPolicy.DEFAULT_ELEMENT_NAME);
        policy.setFormat(NameIDType.UNSPECIFIED);
        policy.setAllowCreate(Boolean.TRUE);
        request.setNameIDPolicy(policy);

        return new RedirectRequest(requestId, redirectUrl(idp.redirectSsoUrl(), request, relayState));
    }

    /**
     * Creates a LogoutRequest for the IdP single logout endpoint, naming the NameID and SessionIndex of the ended
     * session. Returns null when the IdP metadata has no SingleLogoutService.
     */
    public RedirectRequest createLogout(String nameId, String sessionIndex, Instant now) {
        if (idp.logoutUrl() == null || nameId == null) {
            return null;
        }
        String requestId = newRequestId();
        LogoutRequest request = OpenSaml.build(LogoutRequest.DEFAULT_ELEMENT_NAME);
        request.setID(requestId);
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(now);
        request.setDestination(idp.logoutUrl());
        Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(settings.spEntityId());
        request.setIssuer(issuer);
        NameID subject = OpenSaml.build(NameID.DEFAULT_ELEMENT_NAME);
        subject.setValue(nameId);
        request.setNameID(subject);
        if (sessionIndex != null) {
            SessionIndex index = OpenSaml.build(SessionIndex.DEFAULT_ELEMENT_NAME);
            index.setSessionIndex(sessionIndex);
            request.getSessionIndexes().add(index);
        }
        return new RedirectRequest(requestId, redirectUrl(idp.logoutUrl(), request, null));
    }

    private String redirectUrl(String endpoint, SAMLObject message, String relayState) {
        String xml;
        try {
            xml = OpenSaml.toXml(message);
        } catch (MarshallingException e) {
            throw new IllegalStateException("marshalling " + message.getElementQName().getLocalPart() + " failed", e);
        }
        StringBuilder query = new StringBuilder("SAMLRequest=").append(urlEncode(deflateAndEncode(xml)));
        if (relayState != null) {
            query.append("&RelayState=").append(urlEncode(relayState));
        }
        if (signingKey != null) {
            query.append("&SigAlg=").append(urlEncode(SIG_ALG_RSA_SHA256));
            String signature = sign(query.toString());
            query.append("&Signature=").append(urlEncode(signature));
        }
        String separator = endpoint.contains("?") ? "&" : "?";
        return endpoint + separator + query;
    }

    /** Returns a new request ID: an underscore (IDs must be XML names) and 160 random bits in hex. */
    private static String newRequestId() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
    }

    private static String deflateAndEncode(String xml) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        try (DeflaterOutputStream out = new DeflaterOutputStream(buffer, deflater)) {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("deflating an AuthnRequest in memory failed", e);
        } finally {
            deflater.end();
        }
        return Base64.getEncoder().encodeToString(buffer.toByteArray());
    }

    private String sign(String signedQuery) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(signingKey);
            signature.update(signedQuery.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing an AuthnRequest with saml.sp-signing-key failed: "
                    + e.getMessage(), e);
        }
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
