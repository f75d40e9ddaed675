package org.intranet.connector.saml;

import java.util.List;

import org.apache.camel.Exchange;
import org.intranet.connector.store.StoreException;
import org.intranet.connector.web.HtmlPages;
import org.intranet.connector.web.HttpExchanges;
import org.slf4j.Logger;

/** Turns an unexpected failure in a page handler into a plain page, so no stack trace reaches the browser. */
public final class PageErrors {

    private PageErrors() {
    }

    /** Work that writes its own response. */
    @FunctionalInterface
    public interface PageWork {
        void run() throws Exception;
    }

    /**
     * Runs the work. A store failure becomes 503 (the database is down, a retry may work). Any other exception, and a
     * StackOverflowError (which a deeply nested request can cause in a parser), is logged and becomes 400, because on
     * these endpoints it is almost always caused by a malformed request. Any other Error except a VirtualMachineError
     * becomes a plain 500 page. A VirtualMachineError such as OutOfMemoryError is rethrown.
     */
    public static void guard(Exchange exchange, Logger log, PageWork work) {
        try {
            work.run();
        } catch (StoreException e) {
            log.error("Single sign-on store unavailable on {}: {}", exchange.getFromRouteId(), e.toString(), e);
            HttpExchanges.html(exchange, 503, HtmlPages.message("Temporarily unavailable",
                    "The intranet cannot sign you in right now. Try again in a few minutes."), List.of());
        } catch (Exception e) {
            log.warn("Request on {} failed: {}", exchange.getFromRouteId(), LogText.escape(e.toString()), e);
            badRequest(exchange);
        } catch (StackOverflowError e) {
            // HotSpot records up to 1024 frames (-XX:MaxJavaStackTraceDepth), nearly all the same recursive calls, so
            // only the top frame is logged.
            StackTraceElement[] frames = e.getStackTrace();
            log.warn("Request on {} failed: stack overflow at {}", exchange.getFromRouteId(),
                    frames.length == 0 ? "an unknown frame" : frames[0]);
            badRequest(exchange);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            log.error("Request on {} failed: {}", exchange.getFromRouteId(), LogText.escape(e.toString()), e);
            HttpExchanges.html(exchange, 500, HtmlPages.message("Internal error",
                    "The intranet could not process the request. Try again later."), List.of());
        }
    }

    private static void badRequest(Exchange exchange) {
        HttpExchanges.html(exchange, 400, HtmlPages.message("Bad request",
                "The request could not be processed. Open the intranet home page and try again."), List.of());
    }
}
