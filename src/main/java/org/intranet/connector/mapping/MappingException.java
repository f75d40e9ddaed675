package org.intranet.connector.mapping;

/**
 * An invalid mapping file. The message names the file, the entry and the fix, and is
 * meant to be shown as it is when start-up stops.
 */
public class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
