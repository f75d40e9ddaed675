package org.intranet.connector.saml;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.intranet.connector.saml.SamlRejection.Reason;

/**
 * Checks an enveloped XML signature on a SAML Response or Assertion against the IdP certificates from metadata.
 * Certificates or keys carried in the message's KeyInfo are never used.
 */
final class SignatureVerifier {

    private static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
    static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    static final String DIGEST_SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";

    private static final Set<String> STRONG_SIGNATURE_ALGORITHMS = Set.of(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512");
    private static final Set<String> STRONG_DIGEST_ALGORITHMS = Set.of(
            "http://www.w3.org/2001/04/xmlenc#sha256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384",
            "http://www.w3.org/2001/04/xmlenc#sha512");

    private final List<Credential> credentials;
    private final boolean allowSha1;

    SignatureVerifier(List<X509Certificate> certificates, boolean allowSha1) {
        this.credentials = certificates.stream().<Credential>map(BasicX509Credential::new).toList();
        this.allowSha1 = allowSha1;
    }

    /**
     * Verifies the signature of {@code signed}. The SAML signature profile is checked first: one Reference whose URI
     * is "#" followed by the signed element's own ID, and only the enveloped-signature and exclusive c14n transforms.
     * A signature over any other element is therefore rejected even when it is cryptographically valid.
     */
    void verify(SignableSAMLObject signed, String what) throws SamlRejection {
        Signature signature = signed.getSignature();
        String id = signed.getSignatureReferenceID();
        try {
            new SAMLSignatureProfileValidator().validate(signature);
        } catch (SignatureException e) {
            throw new SamlRejection(Reason.SIGNATURE_PROFILE_INVALID, what + " " + id + ": " + e.getMessage());
        }
        checkReferenceUri(signature, id, what);
        checkAlgorithms(signature, what, id);
        for (Credential credential : credentials) {
            try {
                SignatureValidator.validate(signature, credential);
                return;
            } catch (SignatureException e) {
                // try the next configured certificate (key rollover)
            }
        }
        throw new SamlRejection(Reason.SIGNATURE_INVALID, what + " " + id
                + ": the signature does not verify with any of the " + credentials.size()
                + " certificate(s) in the IdP metadata");
    }

    private static void checkReferenceUri(Signature signature, String id, String what) throws SamlRejection {
        Element dom = signature.getDOM();
        NodeList references = dom == null ? null : dom.getElementsByTagNameNS(DSIG_NS, "Reference");
        if (references == null || references.getLength() != 1) {
            throw new SamlRejection(Reason.SIGNATURE_PROFILE_INVALID, what + " " + id
                    + ": expected exactly one ds:Reference");
        }
        String uri = ((Element) references.item(0)).getAttribute("URI");
        if (id == null || !uri.equals("#" + id)) {
            throw new SamlRejection(Reason.SIGNATURE_PROFILE_INVALID, what + " " + id
                    + ": the signature reference " + uri + " does not point at the signed element");
        }
    }

    private void checkAlgorithms(Signature signature, String what, String id) throws SamlRejection {
        String signatureAlgorithm = signature.getSignatureAlgorithm();
        if (!isAllowedSignatureAlgorithm(signatureAlgorithm)) {
            throw new SamlRejection(Reason.SIGNATURE_ALGORITHM_NOT_ALLOWED, what + " " + id
                    + ": signature algorithm " + signatureAlgorithm + " is not allowed." + sha1Hint(signatureAlgorithm));
        }
        NodeList digests = signature.getDOM().getElementsByTagNameNS(DSIG_NS, "DigestMethod");
        for (int i = 0; i < digests.getLength(); i++) {
            String digest = ((Element) digests.item(i)).getAttribute("Algorithm");
            boolean allowed = STRONG_DIGEST_ALGORITHMS.contains(digest) || allowSha1 && DIGEST_SHA1.equals(digest);
            if (!allowed) {
                throw new SamlRejection(Reason.SIGNATURE_ALGORITHM_NOT_ALLOWED, what + " " + id
                        + ": digest algorithm " + digest + " is not allowed." + sha1Hint(digest));
            }
        }
    }

    private boolean isAllowedSignatureAlgorithm(String algorithm) {
        return STRONG_SIGNATURE_ALGORITHMS.contains(algorithm) || allowSha1 && RSA_SHA1.equals(algorithm);
    }

    private static String sha1Hint(String algorithm) {
        if (RSA_SHA1.equals(algorithm) || DIGEST_SHA1.equals(algorithm)) {
            return " The IdP signs with SHA-1: in Salesforce, switch the identity provider certificate to a SHA-256"
                    + " one (Setup > Identity Provider) or pick a SHA-256 certificate on the connected app, or set"
                    + " saml.allow-sha1=true here to accept SHA-1.";
        }
        return "";
    }
}
