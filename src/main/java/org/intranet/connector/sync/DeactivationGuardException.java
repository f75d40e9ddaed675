package org.intranet.connector.sync;

/** A run stopped before applying anything because it would deactivate too many users. */
public class DeactivationGuardException extends RuntimeException {

    public DeactivationGuardException(String message) {
        super(message);
    }
}
