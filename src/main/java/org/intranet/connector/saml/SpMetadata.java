package org.intranet.connector.saml;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.AssertionConsumerService;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.NameIDFormat;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;

/** Service provider metadata: entity ID, ACS URL, NameID formats and the SP certificates that are configured. */
public final class SpMetadata {

    private SpMetadata() {
    }

    /**
     * Returns the metadata XML.
     *
     * @param signingCertificate    published when requests are signed, otherwise null
     * @param encryptionCertificate published when assertions may be encrypted for the SP, otherwise null
     */
    public static String toXml(SamlSettings settings, X509Certificate signingCertificate,
            X509Certificate encryptionCertificate) {
        EntityDescriptor entity = OpenSaml.build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
        entity.setEntityID(settings.spEntityId());
        SPSSODescriptor sp = OpenSaml.build(SPSSODescriptor.DEFAULT_ELEMENT_NAME);
        sp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
        sp.setAuthnRequestsSigned(settings.signRequests());
        sp.setWantAssertionsSigned(Boolean.FALSE);
        if (signingCertificate != null) {
            sp.getKeyDescriptors().add(keyDescriptor(signingCertificate, UsageType.SIGNING));
        }
        if (encryptionCertificate != null) {
            sp.getKeyDescriptors().add(keyDescriptor(encryptionCertificate, UsageType.ENCRYPTION));
        }
        for (String format : new String[] {NameIDType.UNSPECIFIED, NameIDType.EMAIL, NameIDType.PERSISTENT}) {
            NameIDFormat nameIdFormat = OpenSaml.build(NameIDFormat.DEFAULT_ELEMENT_NAME);
            nameIdFormat.setURI(format);
            sp.getNameIDFormats().add(nameIdFormat);
        }
        AssertionConsumerService acs = OpenSaml.build(AssertionConsumerService.DEFAULT_ELEMENT_NAME);
        acs.setBinding(SAMLConstants.SAML2_POST_BINDING_URI);
        acs.setLocation(settings.acsUrl());
        acs.setIndex(0);
        acs.setIsDefault(Boolean.TRUE);
        sp.getAssertionConsumerServices().add(acs);
        entity.getRoleDescriptors().add(sp);
        try {
            String xml = OpenSaml.toXml(entity);
            if (xml.startsWith("<?xml")) {
                xml = xml.substring(xml.indexOf("?>") + 2).stripLeading();
            }
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml;
        } catch (MarshallingException e) {
            throw new IllegalStateException("marshalling SP metadata failed", e);
        }
    }

    private static KeyDescriptor keyDescriptor(X509Certificate certificate, UsageType use) {
        KeyDescriptor descriptor = OpenSaml.build(KeyDescriptor.DEFAULT_ELEMENT_NAME);
        descriptor.setUse(use);
        KeyInfo keyInfo = OpenSaml.build(KeyInfo.DEFAULT_ELEMENT_NAME);
        try {
            KeyInfoSupport.addCertificate(keyInfo, certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("encoding the SP certificate failed", e);
        }
        descriptor.setKeyInfo(keyInfo);
        return descriptor;
    }
}
