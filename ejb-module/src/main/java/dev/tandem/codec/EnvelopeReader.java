package dev.tandem.codec;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.protocol.SequenceHeader;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Decodes a SOAP 1.1/1.2 envelope with WS-Addressing 1.0 and WS-RM (February 2005 or 1.1) headers.
 * Unknown headers are ignored here; mustUnderstand is checked by the engine for the ones it knows.
 */
public final class EnvelopeReader {
  /** WCF's flow-control extension namespace (netrm). */
  public static final String NETRM_NS = "http://schemas.microsoft.com/ws/2006/05/rm";

  /**
   * Decodes an envelope.
   *
   * @param bytes the HTTP body (UTF-8 or with an XML declaration naming its encoding)
   * @return the decoded envelope
   * @throws MalformedMessageException on XML that is not well-formed, a DTD, a non-SOAP root, or an
   *     RM header whose required children are missing or not numbers
   */
  public InboundEnvelope read(byte[] bytes) {
    Document doc = SecureXml.parse(bytes);
    Element env = doc.getDocumentElement();
    SoapVersion soap =
        SoapVersion.ofNamespace(env.getNamespaceURI())
            .filter(v -> "Envelope".equals(env.getLocalName()))
            .orElseThrow(() -> new MalformedMessageException("not a SOAP envelope"));
    Element header = Dom.child(env, soap.namespace(), "Header");
    Element bodyElement = Dom.child(env, soap.namespace(), "Body");
    if (bodyElement == null) {
      throw new MalformedMessageException("SOAP Body missing");
    }
    String action = null;
    String messageId = null;
    String to = null;
    String replyTo = null;
    String relatesTo = null;
    RmVersion rm = null;
    SequenceHeader sequence = null;
    List<SequenceAcknowledgement> acks = new ArrayList<>();
    List<String> ackRequested = new ArrayList<>();
    if (header != null) {
      for (Element h : Dom.children(header)) {
        String ns = h.getNamespaceURI() == null ? "" : h.getNamespaceURI();
        String name = h.getLocalName();
        if (Addressing.NS.equals(ns)) {
          switch (name) {
            case "Action" -> action = Dom.text(h);
            case "MessageID" -> messageId = Dom.text(h);
            case "To" -> to = Dom.text(h);
            case "RelatesTo" -> relatesTo = Dom.text(h);
            case "ReplyTo" -> replyTo = Dom.text(Dom.child(h, Addressing.NS, "Address"));
            default -> {}
          }
          continue;
        }
        RmVersion hv = RmVersion.ofNamespace(ns).orElse(null);
        if (hv == null) {
          continue;
        }
        rm = hv;
        switch (name) {
          case "Sequence" -> sequence = readSequence(h, hv);
          case "SequenceAcknowledgement" -> acks.add(readAck(h, hv));
          case "AckRequested" -> ackRequested.add(requiredText(h, hv, "Identifier"));
          default -> {}
        }
      }
    }
    Element body = Dom.firstChildElement(bodyElement);
    if (body != null && rm == null) {
      rm = RmVersion.ofNamespace(body.getNamespaceURI()).orElse(null);
    }
    return new InboundEnvelope(
        soap,
        new Addressing(action, messageId, to, replyTo, relatesTo),
        rm,
        sequence,
        List.copyOf(acks),
        List.copyOf(ackRequested),
        body,
        bytes);
  }

  private static SequenceHeader readSequence(Element h, RmVersion v) {
    String id = requiredText(h, v, "Identifier");
    long number = parseNumber(requiredText(h, v, "MessageNumber"), "MessageNumber");
    boolean last = Dom.child(h, v.namespace(), "LastMessage") != null;
    return new SequenceHeader(id, number, last);
  }

  private static SequenceAcknowledgement readAck(Element h, RmVersion v) {
    String id = requiredText(h, v, "Identifier");
    List<AcknowledgementRange> ranges = new ArrayList<>();
    List<Long> nacks = new ArrayList<>();
    boolean none = false;
    boolean fin = false;
    Integer buffer = null;
    for (Element c : Dom.children(h)) {
      String ns = c.getNamespaceURI();
      String name = c.getLocalName();
      if (v.namespace().equals(ns)) {
        switch (name) {
          case "AcknowledgementRange" -> {
            long lower = parseNumber(c.getAttribute("Lower"), "Lower");
            long upper = parseNumber(c.getAttribute("Upper"), "Upper");
            // WCF acks Lower=0 Upper=0 before anything arrived (WCF B1402): nothing acknowledged.
            if (!(lower == 0 && upper == 0)) {
              if (lower < 1 || upper < lower) {
                throw new MalformedMessageException("invalid AcknowledgementRange");
              }
              ranges.add(new AcknowledgementRange(lower, upper));
            }
          }
          case "Nack" -> nacks.add(parseNumber(Dom.text(c), "Nack"));
          case "None" -> none = true;
          case "Final" -> fin = true;
          default -> {}
        }
      } else if (NETRM_NS.equals(ns) && "BufferRemaining".equals(name)) {
        buffer = (int) parseNumber(Dom.text(c), "BufferRemaining");
      }
    }
    return new SequenceAcknowledgement(id, ranges, nacks, none, fin, buffer);
  }

  static String requiredText(Element parent, RmVersion v, String localName) {
    Element c = Dom.child(parent, v.namespace(), localName);
    String t = c == null ? null : Dom.text(c);
    if (t == null || t.isEmpty()) {
      throw new MalformedMessageException(
          parent.getLocalName() + " lacks its " + localName + " element");
    }
    return t;
  }

  static long parseNumber(String s, String what) {
    try {
      long n = Long.parseLong(s.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException | NullPointerException e) {
      throw new MalformedMessageException(what + " is not an unsigned number: " + s);
    }
  }

}
