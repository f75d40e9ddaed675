package org.intranet.connector.mapping;

/** A value that a transform cannot convert; the record that carries it is rejected. */
public class TransformException extends Exception {

    public TransformException(String message) {
        super(message);
    }
}
