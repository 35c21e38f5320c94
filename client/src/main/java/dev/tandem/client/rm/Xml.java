package dev.tandem.client.rm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Secure DOM parsing (no DOCTYPE, no external entities) and serialization with the JDK's JAXP. */
public final class Xml {
  private static final DocumentBuilderFactory FACTORY = factory();

  private Xml() {}

  private static DocumentBuilderFactory factory() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return f;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilder b = FACTORY.newDocumentBuilder();
      b.setErrorHandler(null);
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Document newDocument() {
    return builder().newDocument();
  }

  /** Parses bytes; a DOCTYPE is refused. */
  public static Document parse(byte[] bytes) throws IOException {
    try {
      return builder().parse(new ByteArrayInputStream(bytes));
    } catch (SAXException e) {
      throw new IOException("not well-formed XML (or a DOCTYPE): " + e.getMessage(), e);
    }
  }

  public static byte[] toBytes(Node node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    transform(node, new StreamResult(out), false);
    return out.toByteArray();
  }

  public static String toString(Node node, boolean indent) {
    StringWriter w = new StringWriter();
    transform(node, new StreamResult(w), indent);
    return w.toString();
  }

  private static void transform(Node node, StreamResult result, boolean indent) {
    try {
      TransformerFactory tf = TransformerFactory.newDefaultInstance();
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer t = tf.newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      if (indent) {
        t.setOutputProperty(OutputKeys.INDENT, "yes");
        t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "1");
      }
      t.transform(new DOMSource(node), result);
    } catch (TransformerException e) {
      throw new IllegalStateException(e);
    }
  }
}
