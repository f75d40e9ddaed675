package org.intranet.connector.saml;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.intranet.connector.mapping.SalesforceIds;

/**
 * A {@link UserDirectory} in memory for tests. Provisioning reads userId (required), username, and Name or
 * FirstName + LastName for the display name. The active flag is only changed through {@link #setActive}, and the
 * portal-user flag only through {@link #put}, as the stored Salesforce UserType would be.
 */
public final class InMemoryUserDirectory implements UserDirectory {

    /** A stored user with its Federation ID. */
    public record Entry(LoginUser user, String federationId) {
    }

    private final Map<String, Entry> users = new ConcurrentHashMap<>();
    private final AtomicInteger provisionCalls = new AtomicInteger();

    public void put(LoginUser user, String federationId) {
        users.put(user.salesforceId(), new Entry(user, federationId));
    }

    public void setActive(String salesforceId, boolean active) {
        users.computeIfPresent(salesforceId, (id, entry) -> new Entry(new LoginUser(id, entry.user().username(),
                entry.user().displayName(), active, entry.user().portalUser()), entry.federationId()));
    }

    public void remove(String salesforceId) {
        users.remove(salesforceId);
    }

    public int provisionCalls() {
        return provisionCalls.get();
    }

    @Override
    public Optional<LoginUser> findBySalesforceId(String salesforceId) {
        return Optional.ofNullable(users.get(salesforceId)).map(Entry::user);
    }

    @Override
    public Optional<LoginUser> findByUsername(String username) {
        return users.values().stream()
                .filter(entry -> entry.user().username().equalsIgnoreCase(username))
                .map(Entry::user)
                .findFirst();
    }

    @Override
    public Optional<LoginUser> findByFederationId(String federationId) {
        return users.values().stream()
                .filter(entry -> federationId.equals(entry.federationId()))
                .map(Entry::user)
                .findFirst();
    }

    @Override
    public ProvisionResult provision(Map<String, List<String>> attributes, boolean createIfMissing) {
        provisionCalls.incrementAndGet();
        Optional<String> userId = first(attributes, "userId").map(SalesforceIds::to18);
        if (userId.isEmpty()) {
            return new ProvisionResult(Optional.empty(), "the userId attribute is missing or not a Salesforce id");
        }
        Optional<String> username = first(attributes, "username");
        if (username.isEmpty()) {
            return new ProvisionResult(Optional.empty(), "the username attribute is missing");
        }
        String displayName = first(attributes, "Name").orElseGet(() -> (first(attributes, "FirstName").orElse("")
                + " " + first(attributes, "LastName").orElse("")).strip());
        Entry existing = users.get(userId.get());
        if (existing == null && !createIfMissing) {
            return new ProvisionResult(Optional.empty(), "user " + userId.get() + " is not imported");
        }
        boolean active = existing == null || existing.user().active();
        boolean portalUser = existing != null && existing.user().portalUser();
        String federationId = first(attributes, "FederationIdentifier")
                .orElse(existing == null ? null : existing.federationId());
        LoginUser user = new LoginUser(userId.get(), username.get().toLowerCase(Locale.ROOT),
                displayName.isEmpty() ? username.get() : displayName, active, portalUser);
        users.put(user.salesforceId(), new Entry(user, federationId));
        return new ProvisionResult(Optional.of(user), null);
    }

    private static Optional<String> first(Map<String, List<String>> attributes, String name) {
        List<String> values = attributes.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }
}
