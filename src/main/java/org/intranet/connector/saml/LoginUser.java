package org.intranet.connector.saml;

/** An intranet user as single sign-on sees it: the 18-character Salesforce user id is the key. */
public record LoginUser(String salesforceId, String username, String displayName, boolean active) {
}
