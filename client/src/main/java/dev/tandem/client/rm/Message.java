package dev.tandem.client.rm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A received SOAP 1.2 envelope with accessors for the WS-A, WS-RM and WS-MC headers it carries. */
public final class Message {
  /** {@code r:Sequence}: Identifier, MessageNumber, LastMessage present (Feb 2005). */
  public record Sequence(String id, long number, boolean last) {}

  /** {@code r:SequenceAcknowledgement}: Identifier and its ranges (Lower, Upper). */
  public record Ack(String id, List<long[]> ranges, boolean fin) {
    public boolean covers(long n) {
      for (long[] r : ranges) {
        if (r[0] <= n && n <= r[1]) {
          return true;
        }
      }
      return false;
    }
  }

  private final Document doc;
  private final Element header;
  private final Element body;
  private final String raw;

  private Message(Document doc, String raw) throws IOException {
    this.doc = doc;
    this.raw = raw;
    Element env = doc.getDocumentElement();
    if (!Ns.SOAP.equals(env.getNamespaceURI()) || !"Envelope".equals(env.getLocalName())) {
      throw new IOException("not a SOAP 1.2 envelope: {" + env.getNamespaceURI() + "}" + env.getLocalName());
    }
    header = child(env, Ns.SOAP, "Header");
    body = child(env, Ns.SOAP, "Body");
    if (body == null) {
      throw new IOException("SOAP envelope without Body");
    }
  }

  public static Message parse(byte[] bytes) throws IOException {
    return new Message(Xml.parse(bytes), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
  }

  public Document document() {
    return doc;
  }

  /** The message as received. */
  public String raw() {
    return raw;
  }

  static Element child(Element parent, String ns, String local) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && local.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
        return e;
      }
    }
    return null;
  }

  static List<Element> children(Element parent, String ns, String local) {
    List<Element> out = new ArrayList<>();
    if (parent != null) {
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && local.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
          out.add(e);
        }
      }
    }
    return out;
  }

  static String text(Element e) {
    return e == null ? null : e.getTextContent().trim();
  }

  /** Text of the header {@code {ns}local}, or null. */
  public String headerText(String ns, String local) {
    return text(child(header, ns, local));
  }

  public Element headerElement(String ns, String local) {
    return child(header, ns, local);
  }

  public String action() {
    return headerText(Ns.WSA, "Action");
  }

  public String relatesTo() {
    return headerText(Ns.WSA, "RelatesTo");
  }

  public String messageId() {
    return headerText(Ns.WSA, "MessageID");
  }

  public String to() {
    return headerText(Ns.WSA, "To");
  }

  public Optional<Sequence> sequence(RmVersion rm) {
    Element s = child(header, rm.ns(), "Sequence");
    if (s == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Sequence(
            text(child(s, rm.ns(), "Identifier")),
            Long.parseLong(text(child(s, rm.ns(), "MessageNumber"))),
            child(s, rm.ns(), "LastMessage") != null));
  }

  public List<Ack> acks(RmVersion rm) {
    List<Ack> out = new ArrayList<>();
    for (Element a : children(header, rm.ns(), "SequenceAcknowledgement")) {
      List<long[]> ranges = new ArrayList<>();
      for (Element r : children(a, rm.ns(), "AcknowledgementRange")) {
        ranges.add(new long[] {Long.parseLong(r.getAttribute("Lower")), Long.parseLong(r.getAttribute("Upper"))});
      }
      out.add(new Ack(text(child(a, rm.ns(), "Identifier")), ranges, child(a, rm.ns(), "Final") != null));
    }
    return out;
  }

  /** {@code mc:MessagePending/@pending} is "true". */
  public boolean messagePending() {
    Element p = child(header, Ns.MC, "MessagePending");
    return p != null && "true".equals(p.getAttribute("pending").trim());
  }

  /** The first element child of the Body, or null for an empty body. */
  public Element payload() {
    for (Node n = body.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return e;
      }
    }
    return null;
  }

  /** Text of {@code payload/{ns}local} (a wrapper's part), or null. */
  public String payloadText(String ns, String local) {
    return text(child(payload(), ns, local));
  }

  public boolean isFault() {
    Element p = payload();
    return p != null && Ns.SOAP.equals(p.getNamespaceURI()) && "Fault".equals(p.getLocalName());
  }

  /** "Code/Subcode: Reason" of a fault, e.g. {@code s:Sender/r:UnknownSequence: The value …}. */
  public String faultSummary() {
    Element f = payload();
    Element code = child(f, Ns.SOAP, "Code");
    StringBuilder sb = new StringBuilder(String.valueOf(text(child(code, Ns.SOAP, "Value"))));
    Element sub = child(code, Ns.SOAP, "Subcode");
    while (sub != null) {
      sb.append('/').append(text(child(sub, Ns.SOAP, "Value")));
      sub = child(sub, Ns.SOAP, "Subcode");
    }
    Element reason = child(f, Ns.SOAP, "Reason");
    Element t = child(reason, Ns.SOAP, "Text");
    if (t != null) {
      sb.append(": ").append(text(t));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return raw;
  }
}
