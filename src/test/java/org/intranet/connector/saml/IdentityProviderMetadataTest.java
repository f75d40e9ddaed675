package org.intranet.connector.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Parsing of genuine Salesforce IdP metadata (see src/test/resources/saml/SOURCES.md). */
class IdentityProviderMetadataTest {

    private static IdentityProviderMetadata parse(String resource) throws Exception {
        try (InputStream in = IdentityProviderMetadataTest.class.getResourceAsStream("/saml/" + resource)) {
            return IdentityProviderMetadata.parse(in.readAllBytes());
        }
    }

    @Test
    void kolideSalesforceMetadata() throws Exception {
        IdentityProviderMetadata metadata = parse("idp-metadata-kolide-dev-ed.xml");

        assertEquals("https://kolide-dev-ed.my.salesforce.com", metadata.entityId());
        assertEquals("https://kolide-dev-ed.my.salesforce.com/idp/endpoint/HttpRedirect", metadata.redirectSsoUrl());
        assertEquals("https://kolide-dev-ed.my.salesforce.com/idp/endpoint/HttpPost", metadata.postSsoUrl());
        assertNull(metadata.logoutUrl());
        assertEquals(Instant.parse("2027-04-29T19:22:40.750Z"), metadata.validUntil());
        assertEquals(1, metadata.signingCertificates().size());
        X509Certificate expected;
        try (InputStream in = getClass().getResourceAsStream("/saml/idp-cert-kolide-dev-ed.pem")) {
            expected = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertEquals(expected, metadata.signingCertificates().get(0));
        assertTrue(expected.getSubjectX500Principal().getName().contains("SelfSignedCert_24Apr2017_180044"));
    }

    @Test
    void salesforce2015Metadata() throws Exception {
        IdentityProviderMetadata metadata = parse("idp-metadata-salesforce-2015-terraform.xml");

        assertEquals("https://example-idp-dev-ed.my.salesforce.com", metadata.entityId());
        assertEquals("https://example-idp-dev-ed.my.salesforce.com/idp/endpoint/HttpRedirect",
                metadata.redirectSsoUrl());
        assertEquals(1, metadata.signingCertificates().size());
        assertTrue(metadata.signingCertificates().get(0).getSubjectX500Principal().getName()
                .contains("SelfSignedCert_02Sep2015_182653"));
        assertTrue(metadata.validUntil().isBefore(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void terraformMetadataWithCommentAndOwnCertificate() throws Exception {
        IdentityProviderMetadata metadata = parse("idp-metadata-terraform-dev-ed.xml");

        assertEquals("https://terraform-dev-ed.my.salesforce.com", metadata.entityId());
        assertEquals("https://terraform-dev-ed.my.salesforce.com/idp/endpoint/HttpPost", metadata.postSsoUrl());
        assertEquals(1, metadata.signingCertificates().size());
        assertTrue(metadata.signingCertificates().get(0).getSubjectX500Principal().getName()
                .contains("terraform-dev-ed.my.salesforce.com"));
    }

    @Test
    void twoSigningCertificatesForRollover() throws Exception {
        String xml;
        try (InputStream in = getClass().getResourceAsStream("/saml/idp-metadata-kolide-dev-ed.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int start = xml.indexOf("<md:KeyDescriptor");
        int end = xml.indexOf("</md:KeyDescriptor>") + "</md:KeyDescriptor>".length();
        String descriptor = xml.substring(start, end);
        String encryption = descriptor.replace("use=\"signing\"", "use=\"encryption\"");
        String doubled = xml.substring(0, end) + descriptor + encryption + xml.substring(end);

        IdentityProviderMetadata metadata = IdentityProviderMetadata.parse(doubled.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, metadata.signingCertificates().size(), "encryption keys are not signing keys");
    }

    @Test
    void metadataWithoutSigningCertificate() {
        String xml = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://x\">"
                + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
                + " Location=\"https://x/sso\"/></md:IDPSSODescriptor></md:EntityDescriptor>";
        IdentityProviderMetadata.MetadataException error = assertThrows(IdentityProviderMetadata.MetadataException.class,
                () -> IdentityProviderMetadata.parse(xml.getBytes(StandardCharsets.UTF_8)));
        assertTrue(error.getMessage().contains("no signing certificate"), error.getMessage());
    }

    @Test
    void metadataWithDoctypeRejected() {
        String xml = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&e;\"/>";
        assertThrows(IdentityProviderMetadata.MetadataException.class,
                () -> IdentityProviderMetadata.parse(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void spMetadataIsNotIdpMetadata() {
        String xml = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://sp\">"
                + "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
                + " Location=\"https://sp/acs\" index=\"0\"/></md:SPSSODescriptor></md:EntityDescriptor>";
        IdentityProviderMetadata.MetadataException error = assertThrows(IdentityProviderMetadata.MetadataException.class,
                () -> IdentityProviderMetadata.parse(xml.getBytes(StandardCharsets.UTF_8)));
        assertTrue(error.getMessage().contains("IDPSSODescriptor"), error.getMessage());
    }
}
