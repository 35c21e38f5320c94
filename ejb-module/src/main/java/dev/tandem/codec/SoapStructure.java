package dev.tandem.codec;

import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import java.util.Set;
import javax.xml.namespace.QName;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.traversal.DocumentTraversal;
import org.w3c.dom.traversal.NodeFilter;

/**
 * The SOAP envelope rules a parser does not check: no processing instructions, Envelope = [Header]
 * Body (SOAP 1.2 Part 1 §5, §5.1; SOAP 1.1 §4), and mustUnderstand (SOAP 1.2 Part 1 §5.2.3, §5.4.8;
 * SOAP 1.1 §4.2.3). A message breaking them is refused before any of its headers is acted on.
 */
final class SoapStructure {
  /** The RM headers the RM Destination processes (WS-RM 1.1 §3.7–3.9). */
  private static final Set<String> RM_HEADERS =
      Set.of("Sequence", "SequenceAcknowledgement", "AckRequested");

  private SoapStructure() {}

  /**
   * @throws MalformedMessageException for a processing instruction anywhere (SOAP 1.2 Part 1 §5),
   *     text other than white space between the Envelope's children, a Header that is not first, a
   *     missing or second Body, or (SOAP 1.2) any element after the Body
   */
  static void check(Document doc, Element env, SoapVersion soap) {
    var pis =
        ((DocumentTraversal) doc)
            .createNodeIterator(doc, NodeFilter.SHOW_PROCESSING_INSTRUCTION, null, false);
    if (pis.nextNode() != null) {
      throw new MalformedMessageException("a SOAP message must not contain processing instructions");
    }
    int elements = 0;
    boolean body = false;
    for (Node n = env.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
        if (!n.getNodeValue().isBlank()) {
          throw new MalformedMessageException("text in the SOAP Envelope");
        }
      } else if (n.getNodeType() == Node.ELEMENT_NODE) {
        elements++;
        boolean soapNs = soap.namespace().equals(n.getNamespaceURI());
        String name = n.getLocalName();
        if (soapNs && "Header".equals(name) && elements == 1) {
          continue;
        }
        if (soapNs && "Body".equals(name) && !body) {
          body = true;
          continue;
        }
        // SOAP 1.1 §4: namespace-qualified elements may follow the Body; SOAP 1.2 allows nothing.
        boolean trailer11 =
            soap == SoapVersion.SOAP_11 && body && !soapNs && n.getNamespaceURI() != null;
        if (!trailer11) {
          throw new MalformedMessageException("unexpected " + name + " in the SOAP Envelope");
        }
      }
    }
    if (!body) {
      throw new MalformedMessageException("SOAP Body missing");
    }
  }

  /**
   * Refuses the message when a header block targeted at Tandem (no role, or the next /
   * ultimateReceiver role) says mustUnderstand and is not one Tandem processes: WS-Addressing 1.0
   * headers, the WS-RM Sequence, SequenceAcknowledgement and AckRequested, WS-MC MessagePending.
   *
   * @throws RmFaultException MustUnderstand naming the first such header
   * @throws MalformedMessageException when mustUnderstand is not an xs:boolean
   */
  static void requireUnderstood(Element header, SoapVersion soap) {
    for (Element h : Dom.children(header)) {
      if (!mustUnderstand(h, soap) || !targetedAtUs(h, soap)) {
        continue;
      }
      String ns = h.getNamespaceURI() == null ? "" : h.getNamespaceURI();
      String name = h.getLocalName();
      boolean understood =
          Addressing.NS.equals(ns)
              || (RmVersion.ofNamespace(ns).isPresent() && RM_HEADERS.contains(name))
              || (MakeConnectionReader.NS.equals(ns) && "MessagePending".equals(name));
      if (!understood) {
        throw new RmFaultException(RmFault.MUST_UNDERSTAND, null, new QName(ns, name).toString());
      }
    }
  }

  private static boolean mustUnderstand(Element h, SoapVersion soap) {
    if (!h.hasAttributeNS(soap.namespace(), "mustUnderstand")) {
      return false;
    }
    String v = h.getAttributeNS(soap.namespace(), "mustUnderstand").trim();
    switch (v) {
      case "1":
      case "true":
        return true;
      case "0":
      case "false":
        return false;
      default:
        throw new MalformedMessageException("mustUnderstand is not a boolean: " + v);
    }
  }

  private static boolean targetedAtUs(Element h, SoapVersion soap) {
    String ns = soap.namespace();
    if (soap == SoapVersion.SOAP_12) {
      if (!h.hasAttributeNS(ns, "role")) {
        return true;
      }
      String role = h.getAttributeNS(ns, "role").trim();
      return role.equals(ns + "/role/next") || role.equals(ns + "/role/ultimateReceiver");
    }
    if (!h.hasAttributeNS(ns, "actor")) {
      return true;
    }
    return h.getAttributeNS(ns, "actor").trim().equals("http://schemas.xmlsoap.org/soap/actor/next");
  }
}
