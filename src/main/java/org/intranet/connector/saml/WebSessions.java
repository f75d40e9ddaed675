package org.intranet.connector.saml;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;

import org.intranet.connector.store.SsoStateRepository;
import org.intranet.connector.store.SsoStateRepository.SessionRecord;
import org.intranet.connector.web.HttpExchanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser sessions after a SAML login, and the cookie that binds an AuthnRequest to the browser that started it.
 * Cookies hold 256-bit random values. The store keeps only their SHA-256 digests, so a database dump cannot be
 * replayed as cookies.
 */
public final class WebSessions {

    private static final Logger LOG = LoggerFactory.getLogger(WebSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PURGE_INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();

    private final SsoStateRepository repository;
    private final UserDirectory directory;
    private final SamlSettings settings;
    private final Clock clock;
    private final String sessionCookieName;
    private final String bindingCookieName;
    private final AtomicLong lastPurge = new AtomicLong();

    /** The signed-in user behind a request. */
    public record CurrentSession(SessionRecord record, LoginUser user) {
    }

    public WebSessions(SsoStateRepository repository, UserDirectory directory, SamlSettings settings, Clock clock) {
        this.repository = repository;
        this.directory = directory;
        this.settings = settings;
        this.clock = clock;
        // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
        String prefix = settings.secureCookies() ? "__Host-" : "";
        this.sessionCookieName = prefix + "intranet_session";
        this.bindingCookieName = prefix + "intranet_sso_request";
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Returns the session of this request when the cookie names a live session whose user still exists and is active.
     * A session whose user is gone or deactivated is deleted.
     */
    public Optional<CurrentSession> current(HttpServletRequest request) {
        Optional<String> cookie = HttpExchanges.cookie(request, sessionCookieName);
        if (cookie.isEmpty()) {
            return Optional.empty();
        }
        String hash = sha256(cookie.get());
        Optional<SessionRecord> record = repository.findActiveSession(hash, clock.instant());
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Optional<LoginUser> user = directory.findBySalesforceId(record.get().salesforceId());
        if (user.isEmpty() || !user.get().active()) {
            LOG.info("Ending session of user {}: the user is {} in the directory", record.get().salesforceId(),
                    user.isEmpty() ? "missing" : "deactivated");
            repository.deleteSession(hash);
            return Optional.empty();
        }
        return Optional.of(new CurrentSession(record.get(), user.get()));
    }

    /** Stores a new session and returns its Set-Cookie header value. */
    public String create(LoginUser user, ValidatedResponse response, Instant now) {
        Instant expiresAt = now.plus(settings.sessionLifetime());
        if (response.sessionNotOnOrAfter() != null && response.sessionNotOnOrAfter().isBefore(expiresAt)) {
            expiresAt = response.sessionNotOnOrAfter();
        }
        String sessionId = randomToken();
        repository.saveSession(new SessionRecord(sha256(sessionId), user.salesforceId(),
                truncate(response.nameId(), 512), truncate(response.sessionIndex(), 256), now, expiresAt));
        // ResponseValidator rejects a SessionNotOnOrAfter that is not after now, so a limit within the coming second
        // is the only way to reach zero here. Max-Age=0 would delete the cookie at once, so it is at least 1.
        long maxAge = Math.max(1, Duration.between(now, expiresAt).getSeconds());
        return HttpExchanges.setCookie(sessionCookieName, sessionId, maxAge, settings.secureCookies(), "Lax");
    }

    /** Deletes the session of this request, if any, and returns the Set-Cookie value that clears the cookie. */
    public String end(HttpServletRequest request) {
        HttpExchanges.cookie(request, sessionCookieName).ifPresent(value -> repository.deleteSession(sha256(value)));
        return HttpExchanges.setCookie(sessionCookieName, "", 0, settings.secureCookies(), "Lax");
    }

    /** Returns the browser-binding cookie value of this request, if it has the expected shape. */
    public Optional<String> bindingValue(HttpServletRequest request) {
        return HttpExchanges.cookie(request, bindingCookieName).filter(value -> value.matches("[A-Za-z0-9_-]{43}"));
    }

    /** Returns a new random browser-binding value. */
    public String newBindingValue() {
        return randomToken();
    }

    /**
     * Returns the Set-Cookie value for the browser-binding cookie. The IdP posts the response cross-site, so on HTTPS
     * the cookie is SameSite=None (browsers require Secure with it). On plain HTTP, used for local trials, the
     * attribute is left out and browsers apply their default.
     */
    public String bindingCookie(String value) {
        String sameSite = settings.secureCookies() ? "None" : null;
        return HttpExchanges.setCookie(bindingCookieName, value, settings.requestLifetime().getSeconds(),
                settings.secureCookies(), sameSite);
    }

    /** Deletes expired rows at most once a minute per node. A failure is logged, and a call a minute later retries. */
    public void purgeExpiredOccasionally() {
        long nowMillis = clock.millis();
        long last = lastPurge.get();
        if (nowMillis - last < PURGE_INTERVAL_MILLIS || !lastPurge.compareAndSet(last, nowMillis)) {
            return;
        }
        try {
            int deleted = repository.purgeExpired(clock.instant());
            if (deleted > 0) {
                LOG.debug("Deleted {} expired single sign-on rows", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Deleting expired single sign-on rows failed, will retry: {}", e.toString());
        }
    }

    /** Returns the lowercase hex SHA-256 digest of the UTF-8 text. */
    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
