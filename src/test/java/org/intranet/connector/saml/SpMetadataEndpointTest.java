package org.intranet.connector.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.xml.transform.stream.StreamSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.common.xml.SAMLSchemaBuilder;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;

/** {@code GET /saml/metadata} returns schema-valid SAML 2.0 SP metadata. */
class SpMetadataEndpointTest {

    private static SsoTestEnvironment env;

    @BeforeAll
    static void start() throws Exception {
        env = new SsoTestEnvironment(Map.of());
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void metadataIsValidSamlMetadata() throws Exception {
        HttpResponse<String> response = new Browser().get(env.baseUrl + "/saml/metadata");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow()
                .startsWith("application/samlmetadata+xml"));

        new SAMLSchemaBuilder(SAMLSchemaBuilder.SAML1Version.SAML_11).getSAMLSchema().newValidator()
                .validate(new StreamSource(new StringReader(response.body())));

        EntityDescriptor entity = (EntityDescriptor) OpenSaml.unmarshal(
                OpenSaml.parse(response.body().getBytes(StandardCharsets.UTF_8)).getDocumentElement());
        assertEquals(env.baseUrl + "/saml/metadata", entity.getEntityID());
        SPSSODescriptor sp = entity.getSPSSODescriptor(SAMLConstants.SAML20P_NS);
        assertEquals(env.acsUrl(), sp.getAssertionConsumerServices().get(0).getLocation());
        assertEquals(SAMLConstants.SAML2_POST_BINDING_URI, sp.getAssertionConsumerServices().get(0).getBinding());
        assertFalse(sp.isAuthnRequestsSigned());
        assertTrue(sp.getKeyDescriptors().isEmpty(), "no certificate while requests are unsigned");
        assertEquals(3, sp.getNameIDFormats().size());
    }
}
