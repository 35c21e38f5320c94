package dev.tandem.codec;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A UTF-8 StAX writer into a byte array with the few moves the codec makes: prefixed elements
 * whose namespaces are declared explicitly (no repairing, so the prefixes are WCF's), text leaves,
 * and already-serialised elements copied in byte for byte ({@link #raw}). No XML declaration is
 * written, as SAAJ and WCF write none on the wire.
 */
final class XmlWriter {
  /** Thread-safe once configured (StAX §XMLOutputFactory); one per JVM instead of a lookup a message. */
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();

  private final ByteArrayOutputStream bytes;
  private final XMLStreamWriter w;
  private final Map<String, String> documentNamespaces = new HashMap<>(4);

  /** @param sizeHint expected size in bytes */
  XmlWriter(int sizeHint) {
    bytes = new ByteArrayOutputStream(sizeHint);
    try {
      w = FACTORY.createXMLStreamWriter(bytes, "UTF-8");
    } catch (XMLStreamException e) {
      throw new IllegalStateException("JDK StAX writer unavailable", e);
    }
  }

  void start(String prefix, String ns, String localName) throws XMLStreamException {
    w.writeStartElement(prefix, localName, ns);
  }

  /** An element without content; {@link #attribute} may follow, nothing ends it. */
  void empty(String prefix, String ns, String localName) throws XMLStreamException {
    w.writeEmptyElement(prefix, localName, ns);
  }

  void declare(String prefix, String ns) throws XMLStreamException {
    w.writeNamespace(prefix, ns);
  }

  /**
   * Declares {@code prefix} on the document element, for the whole document ({@link #declared}).
   * Call right after starting the document element.
   */
  void declareForDocument(String prefix, String ns) throws XMLStreamException {
    w.writeNamespace(prefix, ns);
    documentNamespaces.put(prefix, ns);
  }

  /**
   * True when {@code prefix} is bound to {@code ns} for the whole document. (The JDK writer's own
   * namespace context also reports prefixes merely used, not declared, so it cannot tell.)
   */
  boolean declared(String prefix, String ns) {
    return ns.equals(documentNamespaces.get(prefix));
  }

  void attribute(String name, String value) throws XMLStreamException {
    w.writeAttribute(name, value);
  }

  /** {@code s:mustUnderstand="1"} as WCF writes it ({@code s} bound to {@code soapNs}). */
  void mustUnderstand(String soapNs) throws XMLStreamException {
    w.writeAttribute("s", soapNs, "mustUnderstand", "1");
  }

  void text(String text) throws XMLStreamException {
    w.writeCharacters(text);
  }

  void leaf(String prefix, String ns, String localName, String text) throws XMLStreamException {
    w.writeStartElement(prefix, localName, ns);
    w.writeCharacters(text);
    w.writeEndElement();
  }

  void end() throws XMLStreamException {
    w.writeEndElement();
  }

  /**
   * Copies one serialised UTF-8 element as content of the open element. The bytes are Tandem's
   * own (a reply Metro serialised, or one stored from it), so they are well-formed and declare their
   * namespaces; an XML declaration at their start is skipped.
   */
  void raw(byte[] element) throws XMLStreamException {
    w.writeCharacters(""); // closes the open start tag
    w.flush();
    int from = 0;
    if (element.length > 5 && element[0] == '<' && element[1] == '?') {
      for (int i = 2; i + 1 < element.length; i++) {
        if (element[i] == '?' && element[i + 1] == '>') {
          from = i + 2;
          break;
        }
      }
    }
    bytes.write(element, from, element.length - from);
  }

  /** Ends every open element and returns the document. */
  byte[] finish() throws XMLStreamException {
    w.writeEndDocument();
    w.flush();
    w.close();
    return bytes.toByteArray();
  }
}
