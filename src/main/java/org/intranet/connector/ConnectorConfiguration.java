package org.intranet.connector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.service.ServiceSupport;
import org.intranet.connector.config.ConfigurationException;
import org.intranet.connector.config.Settings;
import org.intranet.connector.mapping.FieldMapping;
import org.intranet.connector.mapping.MappingLoader;
import org.intranet.connector.mapping.ProfileMapping;
import org.intranet.connector.mapping.UserRecordMapper;
import org.intranet.connector.store.Database;
import org.intranet.connector.store.ProfileField;
import org.intranet.connector.store.ProfileFieldRepository;
import org.intranet.connector.store.RejectedRecordRepository;
import org.intranet.connector.store.RunRepository;
import org.intranet.connector.store.SyncStateRepository;
import org.intranet.connector.store.UserRepository;
import org.intranet.connector.sync.DirectorySync;
import org.intranet.connector.sync.DirectoryUserDirectory;
import org.intranet.connector.sync.SalesforceQueryClient;
import org.intranet.connector.sync.SyncSettings;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the directory beans from the settings, validates all of them, and binds them into
 * the registry under the names the routes use. Any invalid setting stops start-up with a
 * message naming the key and the fix.
 */
public final class ConnectorConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.of(context);

        Database database = openStore(settings);
        closeOnShutdown(context, database);
        context.getRegistry().bind("database", database);
        context.getRegistry().bind("dataSource", database.dataSource());

        ProfileFieldRepository profileFields = new ProfileFieldRepository(database.dataSource());
        ProfileMapping mapping = loadMapping(settings, profileFields);
        Map<String, Integer> maxLengths = new HashMap<>();
        profileFields.all().forEach(field -> maxLengths.put(field.name(), field.maxLength()));
        UserRecordMapper mapper = new UserRecordMapper(mapping, maxLengths);

        configureSalesforce(context, settings);
        SalesforceQueryClient queries = new SalesforceQueryClient(context.createProducerTemplate(),
                settings.integer("sync.batch-size", 2000, 1, 2000));
        SyncSettings syncSettings = new SyncSettings(settings.integer("sync.batch-size", 2000, 1, 2000),
                settings.decimal("sync.deactivation-guard.max-share", 0.10, 0.0, 1.0),
                settings.integer("sync.deactivation-guard.always-allowed", 10, 0, Integer.MAX_VALUE),
                settings.duration("sync.watermark-overlap", Duration.ofMinutes(5)),
                settings.duration("sync.lock-lease", Duration.ofMinutes(30)));
        validateSchedule(settings);

        context.getRegistry().bind("userRepository", new UserRepository(database.dataSource()));
        context.getRegistry().bind("syncStateRepository", new SyncStateRepository(database.dataSource()));
        context.getRegistry().bind("runRepository", new RunRepository(database.dataSource()));
        context.getRegistry().bind("rejectedRecordRepository", new RejectedRecordRepository(database.dataSource()));
        context.getRegistry().bind("userRecordMapper", mapper);
        context.getRegistry().bind("salesforceQueryClient", queries);
        context.getRegistry().bind("directorySync",
                new DirectorySync(database.dataSource(), mapper, queries, syncSettings, Clock.systemUTC()));
        context.getRegistry().bind("userDirectory",
                new DirectoryUserDirectory(database.dataSource(), mapper, Clock.systemUTC()));
    }

    /**
     * Checks the settings that only the routes read, so a bad value stops start-up here with
     * its key instead of failing later inside a route.
     */
    private static void validateSchedule(Settings settings) {
        String mode = settings.text("sync.startup-import", "auto");
        if (!List.of("auto", "always", "never").contains(mode)) {
            throw new ConfigurationException("sync.startup-import='" + mode + "' is invalid: use auto (import when "
                    + "the store is empty or the mapping changed), always or never.");
        }
        String cron = settings.text("sync.daily-cron", "0 0 2 * * ?");
        if (!CronExpression.isValidExpression(cron)) {
            throw new ConfigurationException("sync.daily-cron='" + cron + "' is not a valid Quartz cron expression. "
                    + "Use six or seven fields, for example 0 0 2 * * ? for 02:00 every day.");
        }
        String zone = settings.text("sync.time-zone", "UTC");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigurationException("sync.time-zone='" + zone + "' is not a known time zone. Use an IANA "
                    + "name such as UTC or Europe/Berlin.");
        }
        settings.integer("sync.startup-delay", 2000, 0, Integer.MAX_VALUE);
        String apiVersion = settings.text("salesforce.api-version", "59.0");
        if (!apiVersion.matches("\\d{2,3}\\.0")) {
            throw new ConfigurationException("salesforce.api-version='" + apiVersion + "' is invalid: use a REST API "
                    + "version such as 59.0.");
        }
    }

    /** Closes the connection pool after the routes have stopped. */
    private static void closeOnShutdown(CamelContext context, Database database) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    database.close();
                }
            }, true, true);
        } catch (Exception e) {
            database.close();
            throw new IllegalStateException("Cannot register the store for shutdown", e);
        }
    }

    private static Database openStore(Settings settings) {
        String url = settings.text("store.jdbc-url", "jdbc:h2:file:./data/intranet;AUTO_SERVER=TRUE");
        String user = settings.text("store.user", "sa");
        String password = settings.secret("store.password").orElse("");
        int poolSize = settings.integer("store.pool-size", 5, 1, 100);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationException("store.jdbc-url='" + url.split("[?;]")[0] + "' is not supported: use "
                    + "jdbc:h2:... for the embedded store or jdbc:postgresql://host:port/database for PostgreSQL.");
        }
        return Database.open(url, user, password, poolSize);
    }

    private static ProfileMapping loadMapping(Settings settings, ProfileFieldRepository profileFields) {
        Path file = Path.of(settings.text("mapping.file", "mappings/user-profile.yaml"));
        Set<String> known = profileFields.all().stream().map(ProfileField::name).collect(Collectors.toSet());
        ProfileMapping mapping = new MappingLoader(known).load(file);
        Map<String, ProfileField> catalogue = profileFields.all().stream()
                .collect(Collectors.toMap(ProfileField::name, field -> field));
        profileFields.applyMapping(mapping.fields().stream()
                .map(field -> toProfileField(field, catalogue.get(field.intranetField())))
                .toList());
        LOG.info("Profile mapping {}: {} fields from Salesforce ({})", file, mapping.fields().size(),
                mapping.fields().stream().map(FieldMapping::intranetField).collect(Collectors.joining(", ")));
        return mapping;
    }

    private static ProfileField toProfileField(FieldMapping mapping, ProfileField stored) {
        return new ProfileField(mapping.intranetField(), mapping.label(), "salesforce",
                String.join(",", mapping.salesforceFields()), mapping.readOnly(), mapping.helpText(),
                stored.maxLength(), stored.position());
    }

    /** Configures camel-salesforce for the username-password or the JWT bearer flow. */
    private static void configureSalesforce(CamelContext context, Settings settings) {
        SalesforceComponent salesforce = context.getComponent("salesforce", SalesforceComponent.class);
        String loginUrl = settings.text("salesforce.login-url", "https://login.salesforce.com");
        if (!loginUrl.startsWith("https://") && !loginUrl.startsWith("http://")) {
            throw new ConfigurationException("salesforce.login-url='" + loginUrl + "' is invalid: use "
                    + "https://login.salesforce.com, https://test.salesforce.com or your My Domain URL.");
        }
        salesforce.setLoginUrl(loginUrl);
        salesforce.setLazyLogin(true);
        salesforce.setHttpClientIdleTimeout(settings.duration("salesforce.http-idle-timeout", Duration.ofSeconds(60))
                .toMillis());
        salesforce.setClientId(settings.required("salesforce.client-id",
                "Set it to the consumer key of the connected app (SALESFORCE_CLIENT_ID)."));

        String flow = settings.text("salesforce.auth-flow", "username-password");
        switch (flow) {
            case "username-password" -> {
                salesforce.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
                salesforce.setUserName(settings.required("salesforce.username",
                        "Set it to the integration user's username (SALESFORCE_USERNAME)."));
                salesforce.setClientSecret(settings.secret("salesforce.client-secret").orElseThrow(() ->
                        new ConfigurationException("salesforce.client-secret is not set. Pass the connected app's "
                                + "consumer secret as SALESFORCE_CLIENT_SECRET or in connector.secrets-file.")));
                salesforce.setPassword(settings.secret("salesforce.password").orElseThrow(() ->
                        new ConfigurationException("salesforce.password is not set. Pass the integration user's "
                                + "password (with its security token appended) as SALESFORCE_PASSWORD or in "
                                + "connector.secrets-file.")));
            }
            case "jwt" -> {
                salesforce.setAuthenticationType(AuthenticationType.JWT);
                salesforce.setUserName(settings.required("salesforce.username",
                        "Set it to the integration user's username (SALESFORCE_USERNAME)."));
                String keystore = settings.required("salesforce.jwt.keystore",
                        "Set it to the PKCS12 file holding the connected app's private key and certificate.");
                if (!Files.isReadable(Path.of(keystore))) {
                    throw new ConfigurationException("salesforce.jwt.keystore='" + keystore + "' is not a readable "
                            + "file. Point it at the PKCS12 keystore with the connected app's key.");
                }
                KeyStoreParameters parameters = new KeyStoreParameters();
                parameters.setResource("file:" + keystore);
                parameters.setType(settings.text("salesforce.jwt.keystore-type", "PKCS12"));
                parameters.setPassword(settings.secret("salesforce.jwt.keystore-password").orElseThrow(() ->
                        new ConfigurationException("salesforce.jwt.keystore-password is not set. Pass it as "
                                + "SALESFORCE_JWT_KEYSTORE_PASSWORD or in connector.secrets-file.")));
                salesforce.setKeystore(parameters);
                settings.optional("salesforce.jwt.audience").ifPresent(salesforce::setJwtAudience);
            }
            default -> throw new ConfigurationException("salesforce.auth-flow='" + flow + "' is invalid: use "
                    + "username-password or jwt.");
        }
        // Only the flow and login URL are logged: credentials and tokens stay out of the log.
        LOG.info("Salesforce client: {} flow against {}", flow, loginUrl);
    }
}
