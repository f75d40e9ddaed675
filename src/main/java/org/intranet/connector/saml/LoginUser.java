package org.intranet.connector.saml;

/**
 * An intranet user as single sign-on uses it: the 18-character Salesforce user id is the key.
 *
 * @param portalUser true when the stored Salesforce UserType marks a portal or community user, whatever the
 *                   assertion's is_portal_user attribute states
 */
public record LoginUser(String salesforceId, String username, String displayName, boolean active,
        boolean portalUser) {

    /** Creates a user that is not a portal user. */
    public LoginUser(String salesforceId, String username, String displayName, boolean active) {
        this(salesforceId, username, displayName, active, false);
    }
}
