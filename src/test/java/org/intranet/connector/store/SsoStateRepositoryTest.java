package org.intranet.connector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.intranet.connector.store.SsoStateRepository.SessionRecord;

/** The single sign-on store on H2 and on a real PostgreSQL server, with the same V2 script and SQL. */
class SsoStateRepositoryTest {

    private static EmbeddedPostgres postgres;

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static SsoStateRepository repository(String database) throws Exception {
        DataSource dataSource;
        if (database.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            dataSource = h2;
        } else {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
            }
            String name = "sso_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection admin = postgres.getPostgresDatabase().getConnection();
                    Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            dataSource = postgres.getDatabase("postgres", name);
        }
        applyMigration(dataSource);
        return new SsoStateRepository(dataSource);
    }

    /** Applies V2 the way the main migration runner does: whole-line comments dropped, split on ";" at line end. */
    static void applyMigration(DataSource dataSource) throws IOException, SQLException {
        String script;
        try (InputStream in = SsoStateRepositoryTest.class.getResourceAsStream(
                "/db/migration/V2__single_sign_on.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\\R")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : withoutComments.toString().split(";\\s*\\n")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
    }

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @ParameterizedTest
    @MethodSource("databases")
    void authnRequestConsumedOnceByItsBrowser(String database) throws Exception {
        SsoStateRepository repository = repository(database);
        repository.saveAuthnRequest("_r1", "a".repeat(64), NOW, NOW.plus(Duration.ofMinutes(10)));

        assertEquals(NOW.plus(Duration.ofMinutes(10)), repository.findAuthnRequest("_r1").orElseThrow().expiresAt());
        assertFalse(repository.consumeAuthnRequest("_r1", "b".repeat(64), NOW), "another browser");
        assertTrue(repository.consumeAuthnRequest("_r1", "a".repeat(64), NOW));
        assertFalse(repository.consumeAuthnRequest("_r1", "a".repeat(64), NOW), "only once");
        assertTrue(repository.findAuthnRequest("_r1").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void expiredAuthnRequestNotConsumed(String database) throws Exception {
        SsoStateRepository repository = repository(database);
        repository.saveAuthnRequest("_r2", "a".repeat(64), NOW.minus(Duration.ofMinutes(20)),
                NOW.minus(Duration.ofMinutes(10)));
        assertFalse(repository.consumeAuthnRequest("_r2", "a".repeat(64), NOW));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentConsumersOnlyOneWins(String database) throws Exception {
        SsoStateRepository repository = repository(database);
        repository.saveAuthnRequest("_r3", "a".repeat(64), NOW, NOW.plus(Duration.ofMinutes(10)));
        AtomicInteger winners = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<?>[] tasks = new Future<?>[8];
            for (int i = 0; i < tasks.length; i++) {
                tasks[i] = pool.submit(() -> {
                    if (repository.consumeAuthnRequest("_r3", "a".repeat(64), NOW)) {
                        winners.incrementAndGet();
                    }
                });
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, winners.get());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void assertionIdAcceptedOnce(String database) throws Exception {
        SsoStateRepository repository = repository(database);
        assertTrue(repository.recordAssertion("_a1", NOW, NOW.plus(Duration.ofMinutes(6))));
        assertFalse(repository.recordAssertion("_a1", NOW, NOW.plus(Duration.ofMinutes(6))));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void sessionFoundUntilExpiry(String database) throws Exception {
        SsoStateRepository repository = repository(database);
        String hash = "c".repeat(64);
        repository.saveSession(new SessionRecord(hash, "005000000000001AAA", "alice@intranet.example", "_s1", NOW,
                NOW.plus(Duration.ofHours(8))));

        SessionRecord found = repository.findActiveSession(hash, NOW).orElseThrow();
        assertEquals("005000000000001AAA", found.salesforceId());
        assertEquals("_s1", found.sessionIndex());
        assertEquals(NOW.plus(Duration.ofHours(8)), found.expiresAt());
        assertTrue(repository.findActiveSession(hash, NOW.plus(Duration.ofHours(8))).isEmpty());
        repository.deleteSession(hash);
        assertTrue(repository.findActiveSession(hash, NOW).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void purgeDeletesOnlyExpiredRows(String database) throws Exception {
        SsoStateRepository repository = repository(database);
        repository.saveAuthnRequest("_old", "a".repeat(64), NOW.minus(Duration.ofHours(1)), NOW.minusSeconds(1));
        repository.saveAuthnRequest("_new", "a".repeat(64), NOW, NOW.plusSeconds(600));
        repository.recordAssertion("_a-old", NOW.minus(Duration.ofHours(1)), NOW.minusSeconds(1));
        repository.saveSession(new SessionRecord("d".repeat(64), "005000000000001AAA", null, null,
                NOW.minus(Duration.ofHours(9)), NOW.minusSeconds(1)));

        assertEquals(3, repository.purgeExpired(NOW));
        assertTrue(repository.findAuthnRequest("_new").isPresent());
    }
}
