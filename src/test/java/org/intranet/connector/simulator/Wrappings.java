package org.intranet.connector.simulator;

import org.opensaml.saml.common.xml.SAMLConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.intranet.connector.simulator.SamlResponseBuilder.Wrapping;

/** DOM rewrites of a signed response for the signature-wrapping shapes in {@link Wrapping}. */
final class Wrappings {

    private static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    private Wrappings() {
    }

    static void apply(Wrapping shape, Element response, String evilNameId) {
        Document document = response.getOwnerDocument();
        Element signed = (Element) SamlResponseBuilder.firstChildElement(response, SAMLConstants.SAML20_NS,
                "Assertion");
        switch (shape) {
            case EVIL_ASSERTION_BESIDE -> response.insertBefore(
                    evilCopy(signed, SamlResponseBuilder.newId(), evilNameId), signed);
            case DUPLICATE_ASSERTION_ID -> response.insertBefore(
                    evilCopy(signed, signed.getAttribute("ID"), evilNameId), signed);
            case SIGNED_ASSERTION_IN_EXTENSIONS -> {
                Element evil = evilCopy(signed, SamlResponseBuilder.newId(), evilNameId);
                response.replaceChild(evil, signed);
                Element extensions = document.createElementNS(SAMLConstants.SAML20P_NS, "samlp:Extensions");
                extensions.appendChild(signed);
                Node status = SamlResponseBuilder.firstChildElement(response, SAMLConstants.SAML20P_NS, "Status");
                response.insertBefore(extensions, status);
            }
            case SIGNED_ASSERTION_IN_SIGNATURE_OBJECT -> {
                Element evil = evilCopy(signed, SamlResponseBuilder.newId(), evilNameId);
                Element signature = (Element) SamlResponseBuilder.firstChildElement(signed, DSIG_NS, "Signature");
                Element copiedSignature = (Element) signature.cloneNode(true);
                response.replaceChild(evil, signed);
                Element object = document.createElementNS(DSIG_NS, "ds:Object");
                object.appendChild(signed);
                copiedSignature.appendChild(object);
                Node issuer = SamlResponseBuilder.firstChildElement(evil, SAMLConstants.SAML20_NS, "Issuer");
                evil.insertBefore(copiedSignature, issuer.getNextSibling());
            }
            case RESPONSE_SIGNATURE_OVER_OTHER_ID -> {
                response.setAttributeNS(null, "ID", SamlResponseBuilder.newId());
                setNameId(signed, evilNameId);
            }
            default -> throw new IllegalArgumentException(shape.name());
        }
    }

    private static Element evilCopy(Element signed, String id, String evilNameId) {
        Element evil = (Element) signed.cloneNode(true);
        Node signature = SamlResponseBuilder.firstChildElement(evil, DSIG_NS, "Signature");
        if (signature != null) {
            evil.removeChild(signature);
        }
        evil.setAttributeNS(null, "ID", id);
        setNameId(evil, evilNameId);
        return evil;
    }

    private static void setNameId(Element assertion, String value) {
        Element nameId = (Element) assertion.getElementsByTagNameNS(SAMLConstants.SAML20_NS, "NameID").item(0);
        nameId.setTextContent(value);
    }
}
