package org.intranet.connector.saml;

import java.util.Optional;

/** Outcome of {@link UserDirectory#provision}: the created or refreshed user, or the reason the directory rejected it. */
public record ProvisionResult(Optional<LoginUser> user, String rejectionReason) {
}
