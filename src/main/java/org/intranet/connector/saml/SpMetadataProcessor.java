package org.intranet.connector.saml;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.intranet.connector.web.HttpExchanges;

/** {@code GET /saml/metadata}: the SP metadata, built once at start-up. */
public final class SpMetadataProcessor implements Processor {

    private final String metadataXml;

    public SpMetadataProcessor(String metadataXml) {
        this.metadataXml = metadataXml;
    }

    @Override
    public void process(Exchange exchange) {
        HttpExchanges.content(exchange, "application/samlmetadata+xml; charset=UTF-8", metadataXml);
    }
}
