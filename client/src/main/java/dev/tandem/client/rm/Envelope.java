package dev.tandem.client.rm;

import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A SOAP 1.2 envelope under construction, built with the DOM API (WCF's prefixes: s, a, r). Headers
 * are appended in call order; {@link #toBytes()} serializes it.
 */
public final class Envelope {
  private final Document doc;
  private final Element header;
  private final Element body;
  private final RmVersion rm;

  private Envelope(RmVersion rm) {
    this.rm = rm;
    doc = Xml.newDocument();
    Element env = doc.createElementNS(Ns.SOAP, "s:Envelope");
    env.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:s", Ns.SOAP);
    env.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:a", Ns.WSA);
    env.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:r", rm.ns());
    doc.appendChild(env);
    header = element(env, Ns.SOAP, "s:Header");
    body = element(env, Ns.SOAP, "s:Body");
  }

  public static Envelope create(RmVersion rm) {
    return new Envelope(rm);
  }

  public RmVersion rm() {
    return rm;
  }

  public Document document() {
    return doc;
  }

  public Element header() {
    return header;
  }

  public Element body() {
    return body;
  }

  /** Appends a child element {@code qname} in {@code ns} to {@code parent}. */
  public Element element(Element parent, String ns, String qname) {
    Element e = doc.createElementNS(ns, qname);
    parent.appendChild(e);
    return e;
  }

  /** Appends a child element with text content. */
  public Element element(Element parent, String ns, String qname, String text) {
    Element e = element(parent, ns, qname);
    e.setTextContent(text);
    return e;
  }

  /** Appends an element in the RM namespace (prefix r). */
  public Element rm(Element parent, String local) {
    return element(parent, rm.ns(), "r:" + local);
  }

  public Element rm(Element parent, String local, String text) {
    return element(parent, rm.ns(), "r:" + local, text);
  }

  private static void mustUnderstand(Element e) {
    e.setAttributeNS(Ns.SOAP, "s:mustUnderstand", "1");
  }

  /** WS-Addressing headers: Action, MessageID, ReplyTo (when not null) and To. */
  public Envelope addressing(String action, String messageId, String replyTo, String to) {
    mustUnderstand(element(header, Ns.WSA, "a:Action", action));
    if (messageId != null) {
      element(header, Ns.WSA, "a:MessageID", messageId);
    }
    if (replyTo != null) {
      epr(header, Ns.WSA, "a:ReplyTo", replyTo);
    }
    mustUnderstand(element(header, Ns.WSA, "a:To", to));
    return this;
  }

  /** An endpoint reference {@code <qname><a:Address>address</a:Address></qname>}. */
  public Element epr(Element parent, String ns, String qname, String address) {
    Element e = element(parent, ns, qname);
    element(e, Ns.WSA, "a:Address", address);
    return e;
  }

  /** {@code r:Sequence} (mustUnderstand) with Identifier, MessageNumber and, for Feb 2005, LastMessage. */
  public Envelope sequence(String id, long number, boolean lastMessage) {
    Element seq = rm(header, "Sequence");
    mustUnderstand(seq);
    rm(seq, "Identifier", id);
    rm(seq, "MessageNumber", Long.toString(number));
    if (lastMessage) {
      rm(seq, "LastMessage");
    }
    return this;
  }

  /** {@code r:AckRequested} for the sequence {@code id}. */
  public Envelope ackRequested(String id) {
    rm(rm(header, "AckRequested"), "Identifier", id);
    return this;
  }

  /** {@code r:SequenceAcknowledgement} with the given ranges (an empty list acks 0..0, as WCF does). */
  public Envelope sequenceAcknowledgement(String id, List<long[]> ranges, boolean fin) {
    Element ack = rm(header, "SequenceAcknowledgement");
    rm(ack, "Identifier", id);
    List<long[]> rs = ranges.isEmpty() ? List.of(new long[] {0, 0}) : ranges;
    for (long[] r : rs) {
      Element range = rm(ack, "AcknowledgementRange");
      range.setAttribute("Lower", Long.toString(r[0]));
      range.setAttribute("Upper", Long.toString(r[1]));
    }
    if (fin && rm == RmVersion.RM11) {
      rm(ack, "Final");
    }
    return this;
  }

  public byte[] toBytes() {
    return Xml.toBytes(doc);
  }

  @Override
  public String toString() {
    return Xml.toString(doc, true);
  }
}
