package org.intranet.connector.saml;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jetty.JettyHttpComponent;
import org.apache.camel.spi.Registry;
import org.intranet.connector.store.SsoStateRepository;
import org.intranet.connector.web.ContentTypeCheckHandler;
import org.intranet.connector.web.LandingPageProcessor;
import org.intranet.connector.web.PlainErrorHandler;
import org.intranet.connector.web.ProfilePageProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates the single sign-on settings and binds the beans that the SAML and page routes call.
 *
 * <p>Needs from the registry: a {@link DataSource} named {@code dataSource} with the V2 schema applied and a
 * {@link UserDirectory} named {@code userDirectory}. Binds: {@code samlSettings}, {@code ssoStateRepository},
 * {@code webSessions}, {@code samlLogin}, {@code samlAssertionConsumer}, {@code samlMetadata}, {@code samlLogout},
 * {@code landingPage}, {@code profilePage} and the Jetty handler {@code contentTypeCheck}, and sets the error page of
 * the jetty component. A bad setting stops start-up with a message naming key, value and fix.
 */
public class SamlConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SamlConfiguration.class);

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        SamlSettings settings = SamlSettings.load(camelContext.getPropertiesComponent()::resolveProperty);
        Registry registry = camelContext.getRegistry();
        DataSource dataSource = required(registry, "dataSource", DataSource.class);
        UserDirectory directory = required(registry, "userDirectory", UserDirectory.class);
        OpenSaml.initialize();

        IdentityProviderMetadata idp = readMetadata(settings.idpMetadata());
        Instant now = Instant.now();
        warnAboutExpiry(idp, now);

        PrivateKey signingKey = null;
        X509Certificate signingCertificate = null;
        if (settings.signRequests()) {
            signingKey = privateKey("saml.sp-signing-key", settings.spSigningKey());
            signingCertificate = certificate("saml.sp-signing-certificate", settings.spSigningCertificate());
            requireMatchingPair("saml.sp-signing-key", signingKey, signingCertificate);
        }
        PrivateKey decryptionKey = null;
        X509Certificate decryptionCertificate = null;
        if (settings.decryptionKey() != null) {
            decryptionKey = privateKey("saml.decryption-key", settings.decryptionKey());
            if (settings.decryptionCertificate() != null) {
                decryptionCertificate = certificate("saml.decryption-certificate", settings.decryptionCertificate());
                requireMatchingPair("saml.decryption-key", decryptionKey, decryptionCertificate);
            }
        } else if (settings.decryptionCertificate() != null) {
            throw new SamlSettings.InvalidSettingException("saml.decryption-key", null,
                    "saml.decryption-certificate is set, so set the matching private key here as well.");
        }

        Clock clock = Clock.systemUTC();
        SsoStateRepository repository = new SsoStateRepository(dataSource);
        WebSessions sessions = new WebSessions(repository, directory, settings, clock);
        AuthnRequestFactory requests = new AuthnRequestFactory(settings, idp, signingKey);
        ResponseValidator validator = new ResponseValidator(settings, idp, decryptionKey, decryptionCertificate);
        LoginUserResolver users = new LoginUserResolver(directory, settings);

        // Jetty's default error page names the exception and the server; this one shows only the status.
        camelContext.getComponent("jetty", JettyHttpComponent.class).setErrorHandler(new PlainErrorHandler());
        registry.bind("contentTypeCheck", new ContentTypeCheckHandler());
        registry.bind("samlSettings", settings);
        registry.bind("ssoStateRepository", repository);
        registry.bind("webSessions", sessions);
        registry.bind("samlLogin", new SamlLoginProcessor(requests, repository, sessions, settings));
        registry.bind("samlAssertionConsumer",
                new AssertionConsumerProcessor(validator, repository, users, sessions, settings));
        registry.bind("samlMetadata",
                new SpMetadataProcessor(SpMetadata.toXml(settings, signingCertificate, decryptionCertificate)));
        registry.bind("samlLogout", new SamlLogoutProcessor(sessions, requests, settings));
        registry.bind("landingPage", new LandingPageProcessor(sessions, settings));
        registry.bind("profilePage", new ProfilePageProcessor(sessions, settings));

        LOG.info("Single sign-on ready: SP entity ID {}, ACS {}, IdP {} with {} signing certificate(s),"
                + " user identifier {}, unsolicited responses {}, just-in-time provisioning {}, signed requests {},"
                + " assertion decryption {}", settings.spEntityId(), settings.acsUrl(), idp.entityId(),
                idp.signingCertificates().size(), settings.userIdentifier(),
                settings.allowUnsolicited() ? "accepted" : "rejected", settings.jitProvisioning() ? "on" : "off",
                settings.signRequests() ? "on" : "off", decryptionKey != null ? "on" : "off");
    }

    private static <T> T required(Registry registry, String name, Class<T> type) {
        T bean = registry.lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("Single sign-on needs a " + type.getSimpleName() + " bean named '" + name
                    + "' in the Camel registry. Bind it before SamlConfiguration runs.");
        }
        return bean;
    }

    private static IdentityProviderMetadata readMetadata(Path file) {
        try {
            return IdentityProviderMetadata.read(file);
        } catch (IOException | IdentityProviderMetadata.MetadataException e) {
            throw new SamlSettings.InvalidSettingException("saml.idp-metadata", file.toString(), e.getMessage()
                    + ". Download the metadata again from Salesforce Setup > Identity Provider.");
        }
    }

    /** Logs expired metadata or certificates; Salesforce keeps signing with an expired self-signed certificate. */
    private static void warnAboutExpiry(IdentityProviderMetadata idp, Instant now) {
        if (idp.validUntil() != null && idp.validUntil().isBefore(now)) {
            LOG.warn("IdP metadata of {} passed its validUntil {}; download it again from Salesforce", idp.entityId(),
                    idp.validUntil());
        }
        for (X509Certificate certificate : idp.signingCertificates()) {
            if (certificate.getNotAfter().toInstant().isBefore(now)) {
                LOG.warn("IdP signing certificate {} expired on {}; it is still accepted, because metadata, not the"
                        + " certificate dates, decides trust", certificate.getSubjectX500Principal().getName(),
                        certificate.getNotAfter().toInstant());
            }
        }
    }

    private static PrivateKey privateKey(String key, Path file) {
        try {
            return PemFiles.readPrivateKey(file);
        } catch (IOException | RuntimeException e) {
            throw new SamlSettings.InvalidSettingException(key, file.toString(), "cannot read an unencrypted PEM"
                    + " private key (" + e.getMessage() + "). Convert it with openssl pkcs8 -topk8 -nocrypt.");
        }
    }

    private static X509Certificate certificate(String key, Path file) {
        try {
            return PemFiles.readCertificate(file);
        } catch (IOException | RuntimeException e) {
            throw new SamlSettings.InvalidSettingException(key, file.toString(), "cannot read a PEM certificate ("
                    + e.getMessage() + ").");
        }
    }

    private static void requireMatchingPair(String key, PrivateKey privateKey, X509Certificate certificate) {
        if (!(privateKey instanceof java.security.interfaces.RSAPrivateCrtKey rsa)
                || !(certificate.getPublicKey() instanceof java.security.interfaces.RSAPublicKey publicKey)) {
            throw new SamlSettings.InvalidSettingException(key, privateKey.getAlgorithm(),
                    "single sign-on keys must be RSA keys with their certificate.");
        }
        boolean same = rsa.getModulus().equals(publicKey.getModulus())
                && rsa.getPublicExponent().equals(publicKey.getPublicExponent());
        if (!same) {
            throw new SamlSettings.InvalidSettingException(key, "(key file)", "the private key does not belong to the"
                    + " certificate configured with it. Configure the matching key and certificate.");
        }
    }
}
