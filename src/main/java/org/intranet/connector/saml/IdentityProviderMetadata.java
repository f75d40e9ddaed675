package org.intranet.connector.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntitiesDescriptor;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SingleLogoutService;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.signature.X509Data;

/**
 * The parts of Salesforce identity provider metadata that the service provider uses.
 *
 * @param entityId            the IdP entity ID, for example {@code https://example-dev-ed.my.salesforce.com}
 * @param signingCertificates every certificate with use "signing" or no use; more than one during key rollover
 * @param redirectSsoUrl      SingleSignOnService location for the HTTP-Redirect binding, or null when absent
 * @param postSsoUrl          SingleSignOnService location for the HTTP-POST binding, or null when absent
 * @param logoutUrl           SingleLogoutService location for the HTTP-Redirect binding (or any binding), or null
 * @param validUntil          the metadata's validUntil attribute, or null when absent
 */
public record IdentityProviderMetadata(String entityId, List<X509Certificate> signingCertificates,
        String redirectSsoUrl, String postSsoUrl, String logoutUrl, Instant validUntil) {

    /** Reads and parses a metadata file. */
    public static IdentityProviderMetadata read(Path file) throws IOException, MetadataException {
        return parse(Files.readAllBytes(file));
    }

    /**
     * Parses IdP metadata whose root is an EntityDescriptor, or an EntitiesDescriptor that contains exactly one
     * entity with an IDPSSODescriptor for SAML 2.0.
     */
    public static IdentityProviderMetadata parse(byte[] xml) throws MetadataException {
        XMLObject root;
        try {
            root = OpenSaml.unmarshal(OpenSaml.parse(xml).getDocumentElement());
        } catch (XMLParserException | UnmarshallingException e) {
            throw new MetadataException("the file is not well-formed SAML metadata: " + e.getMessage(), e);
        }
        EntityDescriptor entity = singleIdentityProvider(root);
        IDPSSODescriptor idp = entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS);

        List<X509Certificate> certificates = new ArrayList<>();
        for (KeyDescriptor key : idp.getKeyDescriptors()) {
            UsageType use = key.getUse();
            if (use != null && use != UsageType.SIGNING && use != UsageType.UNSPECIFIED) {
                continue;
            }
            if (key.getKeyInfo() == null) {
                continue;
            }
            for (X509Data data : key.getKeyInfo().getX509Datas()) {
                for (org.opensaml.xmlsec.signature.X509Certificate certificate : data.getX509Certificates()) {
                    certificates.add(decodeCertificate(certificate.getValue()));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new MetadataException("the IDPSSODescriptor of " + entity.getEntityID()
                    + " has no signing certificate (KeyDescriptor use=\"signing\" with an X509Certificate)");
        }

        Instant validUntil = entity.getValidUntil();
        if (validUntil == null && root instanceof EntitiesDescriptor group) {
            validUntil = group.getValidUntil();
        }
        return new IdentityProviderMetadata(entity.getEntityID(), List.copyOf(certificates),
                ssoLocation(idp, SAMLConstants.SAML2_REDIRECT_BINDING_URI).orElse(null),
                ssoLocation(idp, SAMLConstants.SAML2_POST_BINDING_URI).orElse(null),
                logoutLocation(idp).orElse(null), validUntil);
    }

    private static EntityDescriptor singleIdentityProvider(XMLObject root) throws MetadataException {
        List<EntityDescriptor> candidates = new ArrayList<>();
        if (root instanceof EntityDescriptor entity) {
            candidates.add(entity);
        } else if (root instanceof EntitiesDescriptor group) {
            candidates.addAll(group.getEntityDescriptors());
        } else {
            throw new MetadataException("the root element is " + root.getElementQName().getLocalPart()
                    + ", expected EntityDescriptor or EntitiesDescriptor");
        }
        candidates.removeIf(entity -> entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS) == null);
        if (candidates.size() != 1) {
            throw new MetadataException("expected exactly one entity with a SAML 2.0 IDPSSODescriptor, found "
                    + candidates.size());
        }
        EntityDescriptor entity = candidates.get(0);
        if (entity.getEntityID() == null || entity.getEntityID().isBlank()) {
            throw new MetadataException("the EntityDescriptor has no entityID");
        }
        return entity;
    }

    private static Optional<String> ssoLocation(IDPSSODescriptor idp, String binding) {
        return idp.getSingleSignOnServices().stream()
                .filter(service -> binding.equals(service.getBinding()))
                .map(SingleSignOnService::getLocation)
                .findFirst();
    }

    private static Optional<String> logoutLocation(IDPSSODescriptor idp) {
        List<SingleLogoutService> services = idp.getSingleLogoutServices();
        return services.stream()
                .filter(service -> SAMLConstants.SAML2_REDIRECT_BINDING_URI.equals(service.getBinding()))
                .map(SingleLogoutService::getLocation)
                .findFirst()
                .or(() -> services.stream().map(SingleLogoutService::getLocation).findFirst());
    }

    private static X509Certificate decodeCertificate(String base64) throws MetadataException {
        if (base64 == null || base64.isBlank()) {
            throw new MetadataException("an X509Certificate element is empty");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.strip());
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw new MetadataException("an X509Certificate element does not hold a valid certificate: "
                    + e.getMessage(), e);
        }
    }

    /** Invalid or unusable IdP metadata. */
    public static final class MetadataException extends Exception {
        private static final long serialVersionUID = 1L;

        public MetadataException(String message) {
            super(message);
        }

        public MetadataException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
