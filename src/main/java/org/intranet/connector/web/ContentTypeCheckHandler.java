package org.intranet.connector.web;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.intranet.connector.saml.LogText;

/**
 * Jetty handler in front of the connector's servlet that responds with 415 Unsupported Media Type to a request whose
 * Content-Type names a charset the JVM does not support. Without it (camel-jetty 4.18, Jetty 12.1), the servlet request
 * throws UnsupportedCharsetException in Camel's MultiPartFilter, before any route processor runs, and the client gets
 * a 500.
 */
public final class ContentTypeCheckHandler extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(ContentTypeCheckHandler.class);

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpField contentType = request.getHeaders().getField(HttpHeader.CONTENT_TYPE);
        String charset = contentType == null ? null : charsetParameter(contentType.getValue());
        if (charset == null || isSupported(charset)) {
            return super.handle(request, response, callback);
        }
        LOG.info("Rejected {} {}: unsupported charset {} in Content-Type", request.getMethod(),
                LogText.escape(Request.getPathInContext(request)), LogText.escape(charset));
        String text = "415 Unsupported Media Type: use charset=UTF-8\n";
        response.setStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** Returns the value of the charset parameter, without quotes, or null when there is none. */
    static String charsetParameter(String contentType) {
        String[] parameters = contentType.split(";");
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String value = parameter.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    private static boolean isSupported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}
