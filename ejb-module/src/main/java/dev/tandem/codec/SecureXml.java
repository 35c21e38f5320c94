package dev.tandem.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The one way Tandem parses untrusted XML: the JDK's parser with DOCTYPE forbidden (SOAP 1.2 Part 1
 * §5: a SOAP message must not contain a DTD), which also rules out external entities (XXE) and entity
 * expansion, plus the JDK's secure-processing limits and a nesting limit of {@value #MAX_DEPTH}
 * elements.
 */
public final class SecureXml {
  /** Deepest element nesting accepted (elements); SOAP envelopes of the samples use fewer than 10. */
  public static final int MAX_DEPTH = 256;

  private static final DocumentBuilderFactory FACTORY = newFactory();

  /**
   * One parser per thread, reset before each use: creating a parser configures Xerces anew and cost
   * as much as parsing a small envelope. The JDK's builder drops its reference to the document it
   * returns, so a thread keeps no message alive.
   */
  private static final ThreadLocal<DocumentBuilder> BUILDER =
      ThreadLocal.withInitial(SecureXml::newBuilder);

  private SecureXml() {}

  private static DocumentBuilderFactory newFactory() {
    // newDefaultInstance: the JDK's own parser, whatever parser a server puts on the class path.
    DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
    f.setNamespaceAware(true);
    f.setExpandEntityReferences(false);
    f.setXIncludeAware(false);
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      // A SOAP message is shallow; thousands of nested elements are an attack on the parser/DOM.
      f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("JDK XML parser lacks a security feature", e);
    }
    return f;
  }

  /**
   * Parses bytes into a namespace-aware DOM.
   *
   * @throws MalformedMessageException when the bytes are not well-formed XML or contain a DTD
   */
  public static Document parse(byte[] bytes) {
    try {
      DocumentBuilder builder = BUILDER.get();
      builder.reset();
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(bytes));
    } catch (SAXException | IOException e) {
      throw new MalformedMessageException(e.getMessage(), e);
    }
  }

  private static DocumentBuilder newBuilder() {
    try {
      return FACTORY.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }
}
