package org.intranet.connector.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Failures to inject into REST data calls (requests under /services/data, not OAuth). Call numbers are
 * relative to the moment of scheduling: 1 is the very next data call.
 */
public final class Faults {

    /** What the simulator does with one data call. */
    record Action(Duration delay, Kind kind) {
    }

    enum Kind { NONE, INVALID_SESSION, REQUEST_LIMIT, SERVER_ERROR }

    private final IntSupplier dataCallCount;
    private final Map<Integer, Kind> errors = new HashMap<>();
    private final Map<Integer, Duration> delays = new HashMap<>();
    private int requestLimitFrom = Integer.MAX_VALUE;

    Faults(IntSupplier dataCallCount) {
        this.dataCallCount = dataCallCount;
    }

    /** Fails the Nth call with 401 INVALID_SESSION_ID and revokes every issued token, forcing a new login. */
    public synchronized void invalidSessionOnCall(int n) {
        errors.put(absolute(n), Kind.INVALID_SESSION);
    }

    /** Fails the Nth call and every later one with 403 REQUEST_LIMIT_EXCEEDED until {@link #clear()}. */
    public synchronized void requestLimitOnCall(int n) {
        requestLimitFrom = Math.min(requestLimitFrom, absolute(n));
    }

    /** Fails the Nth call with 500 UNKNOWN_EXCEPTION. */
    public synchronized void serverErrorOnCall(int n) {
        errors.put(absolute(n), Kind.SERVER_ERROR);
    }

    /** Holds the Nth call for {@code delay} before handling it normally, or before its injected error. */
    public synchronized void delayCall(int n, Duration delay) {
        delays.put(absolute(n), delay);
    }

    /** Removes every scheduled fault, including a request limit already in force. */
    public synchronized void clear() {
        errors.clear();
        delays.clear();
        requestLimitFrom = Integer.MAX_VALUE;
    }

    /** Returns and consumes the fault scheduled for data call {@code callNumber} (1-based, since start). */
    synchronized Action actionFor(int callNumber) {
        Duration delay = delays.remove(callNumber);
        Kind kind = errors.remove(callNumber);
        if (kind == null) {
            kind = callNumber >= requestLimitFrom ? Kind.REQUEST_LIMIT : Kind.NONE;
        }
        return new Action(delay == null ? Duration.ZERO : delay, kind);
    }

    private int absolute(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Call number must be 1 or more, got " + n);
        }
        return dataCallCount.getAsInt() + n;
    }
}
