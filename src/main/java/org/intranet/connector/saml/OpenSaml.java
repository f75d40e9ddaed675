package org.intranet.connector.saml;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;

import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.Initializer;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.XMLObjectBuilder;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Marshaller;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.xmlsec.config.DecryptionParserPool;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * OpenSAML start-up and the hardened XML parser that every SAML message goes through.
 *
 * <p>The parser refuses DTDs (so no external or recursive entities), keeps comments so that the DOM text of an element
 * is exactly what was signed, and is installed as OpenSAML's global parser so that decrypted assertions get the same
 * treatment.
 */
public final class OpenSaml {

    private static final String HTTP_CLIENT_INITIALIZER =
            "org.opensaml.security.config.impl.HttpClientSecurityConfigurationInitalizer";

    private static BasicParserPool parserPool;

    private OpenSaml() {
    }

    /** Initializes OpenSAML once per JVM and installs the hardened parser pool. Safe to call repeatedly. */
    public static synchronized void initialize() {
        if (parserPool != null) {
            return;
        }
        runInitializers();
        BasicParserPool pool = new BasicParserPool();
        pool.setNamespaceAware(true);
        pool.setIgnoreComments(false);
        pool.setExpandEntityReferences(false);
        pool.setXincludeAware(false);
        pool.setCoalescing(false);
        Map<String, Boolean> features = new HashMap<>();
        features.put("http://apache.org/xml/features/disallow-doctype-decl", Boolean.TRUE);
        features.put("http://xml.org/sax/features/external-general-entities", Boolean.FALSE);
        features.put("http://xml.org/sax/features/external-parameter-entities", Boolean.FALSE);
        features.put("http://apache.org/xml/features/nonvalidating/load-external-dtd", Boolean.FALSE);
        features.put(XMLConstants.FEATURE_SECURE_PROCESSING, Boolean.TRUE);
        pool.setBuilderFeatures(features);
        try {
            pool.initialize();
        } catch (ComponentInitializationException e) {
            throw new IllegalStateException("XML parser pool initialization failed: " + e.getMessage(), e);
        }
        ConfigurationService.get(XMLObjectProviderRegistry.class).setParserPool(pool);
        ConfigurationService.register(DecryptionParserPool.class, new DecryptionParserPool(pool));
        parserPool = pool;
    }

    /**
     * Runs OpenSAML's initializers as {@code InitializationService.initialize()} does, except the one that configures
     * OpenSAML's Apache HttpClient: the connector never fetches metadata over HTTP, and the pom leaves httpclient out.
     */
    private static void runInitializers() {
        int count = 0;
        for (Initializer initializer : ServiceLoader.load(Initializer.class)) {
            if (initializer.getClass().getName().equals(HTTP_CLIENT_INITIALIZER)) {
                continue;
            }
            try {
                initializer.init();
                count++;
            } catch (InitializationException e) {
                throw new IllegalStateException("OpenSAML initializer " + initializer.getClass().getName()
                        + " failed: " + e.getMessage(), e);
            }
        }
        if (count == 0) {
            throw new IllegalStateException("No OpenSAML initializers found. In a shaded jar, merge the"
                    + " META-INF/services files of the opensaml jars (ServicesResourceTransformer).");
        }
    }

    /**
     * Parses XML with the hardened parser and rejects any document that carries a DOCTYPE. Comments are then removed
     * and adjacent text nodes merged, because OpenSAML's unmarshallers refuse comment nodes. This cannot change what
     * a signature covers: the exclusive c14n that the SAML signature profile requires omits comments.
     */
    public static Document parse(byte[] xml) throws XMLParserException {
        initialize();
        try (InputStream in = new ByteArrayInputStream(xml)) {
            Document document = parserPool.parse(in);
            if (document.getDoctype() != null) {
                throw new XMLParserException("document contains a DOCTYPE declaration");
            }
            removeComments(document);
            document.getDocumentElement().normalize();
            return document;
        } catch (java.io.IOException e) {
            throw new XMLParserException(e);
        }
    }

    /** Removes every comment below the node, walking the tree without recursion so depth cannot overflow the stack. */
    private static void removeComments(Node node) {
        java.util.ArrayDeque<Node> pending = new java.util.ArrayDeque<>();
        pending.push(node);
        while (!pending.isEmpty()) {
            Node parent = pending.pop();
            Node child = parent.getFirstChild();
            while (child != null) {
                Node next = child.getNextSibling();
                if (child.getNodeType() == Node.COMMENT_NODE) {
                    parent.removeChild(child);
                } else if (child.hasChildNodes()) {
                    pending.push(child);
                }
                child = next;
            }
        }
    }

    /** Copies the element into a new document of the hardened parser pool, as its root. */
    public static Element rootOfNewDocument(Element element) throws XMLParserException {
        initialize();
        Document document = parserPool.newDocument();
        Element copy = (Element) document.importNode(element, true);
        document.appendChild(copy);
        return copy;
    }

    /** Unmarshals a DOM element into its OpenSAML object; the DOM stays attached to the result. */
    public static XMLObject unmarshal(Element element) throws UnmarshallingException {
        initialize();
        Unmarshaller unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(element);
        if (unmarshaller == null) {
            throw new UnmarshallingException("no unmarshaller for element {" + element.getNamespaceURI() + "}"
                    + element.getLocalName());
        }
        return unmarshaller.unmarshall(element);
    }

    /** Marshals an OpenSAML object to a DOM element in a new document. */
    public static Element marshal(XMLObject object) throws MarshallingException {
        initialize();
        Marshaller marshaller = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(object);
        return marshaller.marshall(object);
    }

    /** Marshals an OpenSAML object and serializes it without pretty printing. */
    public static String toXml(XMLObject object) throws MarshallingException {
        Element element = object.getDOM() != null ? object.getDOM() : marshal(object);
        return SerializeSupport.nodeToString(element);
    }

    /** Creates an empty OpenSAML object for the given element name. */
    @SuppressWarnings("unchecked")
    public static <T extends XMLObject> T build(QName elementName) {
        initialize();
        XMLObjectBuilder<T> builder = (XMLObjectBuilder<T>) XMLObjectProviderRegistrySupport.getBuilderFactory()
                .getBuilderOrThrow(elementName);
        return builder.buildObject(elementName);
    }
}
