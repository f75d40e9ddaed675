package org.intranet.connector.saml;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.intranet.connector.saml.SamlRejection.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the intranet user for a validated assertion, creates or refreshes it from the assertion attributes, and
 * applies the portal-user and deactivation rules. A user is a portal user when the assertion's is_portal_user
 * attribute is true or when the directory stores the user as one.
 */
public final class LoginUserResolver {

    private static final Logger LOG = LoggerFactory.getLogger(LoginUserResolver.class);

    static final String PORTAL_USER_ATTRIBUTE = "is_portal_user";

    private final UserDirectory directory;
    private final SamlSettings settings;

    public LoginUserResolver(UserDirectory directory, SamlSettings settings) {
        this.directory = directory;
        this.settings = settings;
    }

    /**
     * Returns the active user the assertion identifies. When the assertion has attributes, they go through
     * {@link UserDirectory#provision} (creating the user when just-in-time provisioning is on), and the identifier
     * must then resolve to the same user the attributes describe.
     */
    public LoginUser resolve(ValidatedResponse response) throws SamlRejection {
        UserIdentifier identifier = settings.userIdentifier();
        Map<String, List<String>> attributes = response.attributes();
        String value = identifier.extract(response.nameId(), attributes).orElseThrow(() -> new SamlRejection(
                Reason.MISSING_USER_IDENTIFIER, "assertion " + response.assertionId() + " has no single non-empty "
                        + identifier + " value"));

        if (isPortalUser(attributes) && !settings.allowPortalUsers()) {
            throw new SamlRejection(Reason.PORTAL_USER, "assertion " + response.assertionId()
                    + " is for a portal user and saml.allow-portal-users=false");
        }

        Optional<LoginUser> existing = identifier.lookUp(directory, value);
        LoginUser user;
        if (attributes.isEmpty()) {
            user = existing.orElseThrow(() -> new SamlRejection(Reason.USER_NOT_FOUND, "no directory user matches "
                    + identifier + " of assertion " + response.assertionId()
                    + ", and the assertion has no attributes to provision from"));
        } else {
            ProvisionResult result = directory.provision(attributes, settings.jitProvisioning());
            if (result.user().isEmpty() && existing.isPresent()) {
                // The user is known, so the login goes ahead with the stored profile; the next sync refreshes it.
                LOG.warn("SAML login: profile of user {} not refreshed from assertion {}: {}",
                        LogText.escape(existing.get().salesforceId()), LogText.escape(response.assertionId()),
                        LogText.escape(result.rejectionReason()));
                return requireAllowed(existing.get(), response);
            }
            if (result.user().isEmpty()) {
                Reason reason = settings.jitProvisioning() ? Reason.PROVISIONING_REJECTED : Reason.USER_NOT_FOUND;
                throw new SamlRejection(reason, "the directory rejected the attributes of assertion "
                        + response.assertionId() + " (saml.jit-provisioning=" + settings.jitProvisioning() + "): "
                        + result.rejectionReason());
            }
            user = result.user().get();
            Optional<LoginUser> matched = existing.isPresent() ? existing : identifier.lookUp(directory, value);
            if (matched.isEmpty() || !matched.get().salesforceId().equals(user.salesforceId())) {
                throw new SamlRejection(Reason.USER_MISMATCH, "the " + identifier + " of assertion "
                        + response.assertionId() + " resolves to "
                        + matched.map(LoginUser::salesforceId).orElse("no user")
                        + " but its attributes describe user " + user.salesforceId());
            }
            if (matched.get().portalUser() && !user.portalUser()) {
                // The stored type from before provisioning still counts when the refreshed record lacks it.
                user = new LoginUser(user.salesforceId(), user.username(), user.displayName(), user.active(), true);
            }
        }
        return requireAllowed(user, response);
    }

    /**
     * Rejects a deactivated user, and a user the directory stores as a portal user even when the assertion does not
     * mark it as one (unless saml.allow-portal-users=true).
     */
    private LoginUser requireAllowed(LoginUser user, ValidatedResponse response) throws SamlRejection {
        if (user.portalUser() && !settings.allowPortalUsers()) {
            throw new SamlRejection(Reason.PORTAL_USER, "user " + user.salesforceId() + " of assertion "
                    + response.assertionId() + " is stored as a portal user and saml.allow-portal-users=false");
        }
        if (!user.active()) {
            throw new SamlRejection(Reason.USER_DEACTIVATED, "user " + user.salesforceId() + " is deactivated");
        }
        return user;
    }

    private static boolean isPortalUser(Map<String, List<String>> attributes) {
        List<String> values = attributes.getOrDefault(PORTAL_USER_ATTRIBUTE, List.of());
        return values.stream().anyMatch(value -> value != null && value.strip().equalsIgnoreCase("true"));
    }
}
