package org.intranet.connector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.intranet.connector.store.SsoStateRepository.SessionRecord;

/** The single sign-on store on H2 and on a real PostgreSQL server, with the same V2 script and SQL. */
class SsoStateRepositoryTest {

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    /** Returns a repository on a fresh database, brought up to date by the connector's own migration runner. */
    private static SsoStateRepository repository(String database) {
        Database store = database.equals("h2") ? StoreDatabases.h2() : StoreDatabases.postgres();
        return new SsoStateRepository(store.dataSource());
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
