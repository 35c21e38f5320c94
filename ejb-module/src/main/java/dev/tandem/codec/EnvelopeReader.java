package dev.tandem.codec;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.protocol.SequenceHeader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
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
   * Decodes an envelope stored earlier (a held message): either SOAP version.
   *
   * @param bytes the HTTP body (UTF-8 or with an XML declaration naming its encoding)
   * @return the decoded envelope
   * @throws MalformedMessageException as {@link #read(byte[], SoapVersion)}
   */
  public InboundEnvelope read(byte[] bytes) {
    return read(bytes, null);
  }

  /**
   * Decodes an envelope received over the SOAP HTTP binding of {@code binding}.
   *
   * @param bytes the HTTP body (UTF-8 or with an XML declaration naming its encoding)
   * @param binding the SOAP version the Content-Type announced, or null to accept either
   * @return the decoded envelope
   * @throws MalformedMessageException on XML that is not well-formed, a DTD, a processing
   *     instruction, an envelope that is not [Header] Body, a repeated {@code wsrm:Sequence}, or an RM
   *     header whose required children are missing or not numbers (SOAP 1.2 Part 1 §5: Sender)
   * @throws RmFaultException VersionMismatch for a root that is not the binding's Envelope (SOAP 1.2
   *     Part 1 §5.4.7), MustUnderstand for a header Tandem does not process (§5.4.8),
   *     InvalidAddressingHeader/InvalidCardinality for a repeated WS-A header (WS-A SOAP Binding §6.4.1)
   */
  public InboundEnvelope read(byte[] bytes, SoapVersion binding) {
    Document doc = SecureXml.parse(bytes);
    Element env = doc.getDocumentElement();
    SoapVersion soap =
        SoapVersion.ofNamespace(env.getNamespaceURI())
            .filter(v -> "Envelope".equals(env.getLocalName()))
            .filter(v -> binding == null || v == binding)
            .orElseThrow(() -> new RmFaultException(RmFault.VERSION_MISMATCH));
    SoapStructure.check(doc, env, soap);
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
    String faultTo = null;
    RmVersion rm = null;
    SequenceHeader sequence = null;
    List<SequenceAcknowledgement> acks = new ArrayList<>();
    List<String> ackRequested = new ArrayList<>();
    if (header != null) {
      SoapStructure.requireUnderstood(header, soap);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Element h : Dom.children(header)) {
        String ns = h.getNamespaceURI() == null ? "" : h.getNamespaceURI();
        String name = h.getLocalName();
        if (Addressing.NS.equals(ns)) {
          if (SINGLE_ADDRESSING_HEADERS.contains(name) && !seen.add(name)) {
            throw new RmFaultException(
                RmFault.INVALID_CARDINALITY, null, new QName(ns, name).toString());
          }
          switch (name) {
            case "Action" -> action = Dom.text(h);
            case "MessageID" -> messageId = Dom.text(h);
            case "To" -> to = Dom.text(h);
            case "RelatesTo" -> relatesTo = Dom.text(h);
            case "ReplyTo" -> replyTo = Dom.text(Dom.child(h, Addressing.NS, "Address"));
            case "FaultTo" -> faultTo = Dom.text(Dom.child(h, Addressing.NS, "Address"));
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
          case "Sequence" -> {
            if (sequence != null) {
              // WS-RM 1.1 §3.7: one Sequence header per message; which one would we believe?
              throw new MalformedMessageException("more than one wsrm:Sequence header");
            }
            sequence = readSequence(h, hv);
          }
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
        new Addressing(action, messageId, to, replyTo, relatesTo, faultTo),
        rm,
        sequence,
        List.copyOf(acks),
        List.copyOf(ackRequested),
        body,
        bytes);
  }

  private static SequenceHeader readSequence(Element h, RmVersion v) {
    String id = requiredText(h, v, "Identifier");
    long number = parseMessageNumber(requiredText(h, v, "MessageNumber"));
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
        long b = parseNumber(Dom.text(c), "BufferRemaining");
        if (b > Integer.MAX_VALUE) {
          throw new MalformedMessageException("BufferRemaining out of range: " + b);
        }
        buffer = (int) b;
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

  /**
   * An xs:unsignedLong as WS-RM writes it: ASCII digits only (Java would also take other scripts'
   * digits), at most 2^63-1.
   *
   * @throws MalformedMessageException when {@code s} is not such a number
   */
  static long parseNumber(String s, String what) {
    String t = digits(s, what);
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new MalformedMessageException(what + " is out of range: " + s);
    }
  }

  /**
   * A MessageNumber; one beyond 2^63-1 is read as 2^63-1, the largest, so that the RM Destination
   * answers MessageNumberRollover for it (WS-RM 1.1 §4.5) once it knows the Sequence.
   */
  static long parseMessageNumber(String s) {
    String t = digits(s, "MessageNumber");
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException tooLarge) {
      return Long.MAX_VALUE;
    }
  }

  private static String digits(String s, String what) {
    String t = s == null ? "" : s.trim();
    if (t.startsWith("+")) {
      t = t.substring(1); // xs:unsignedLong allows a plus sign
    }
    if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedMessageException(what + " is not an unsigned number");
    }
    return t;
  }

  /** WS-A 1.0 Core §3.1: the message addressing properties that occur at most once. */
  private static final java.util.Set<String> SINGLE_ADDRESSING_HEADERS =
      java.util.Set.of("Action", "MessageID", "To", "ReplyTo", "From", "FaultTo");
}
