package org.intranet.connector.saml;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Intranet users that SAML logins are matched against and provisioned into. */
public interface UserDirectory {

    Optional<LoginUser> findBySalesforceId(String salesforceId);

    Optional<LoginUser> findByUsername(String username);

    Optional<LoginUser> findByFederationId(String federationId);

    /**
     * Creates (just-in-time) or refreshes the user from assertion attributes through the directory's mapping.
     * Attribute names as Salesforce sends them: userId, username, email, is_portal_user, plus any custom attribute
     * named after a Salesforce User field (Title, Department...).
     */
    ProvisionResult provision(Map<String, List<String>> attributes, boolean createIfMissing);
}
