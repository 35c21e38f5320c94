package dev.tandem.codec;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.protocol.CreateSequenceResponse;
import dev.tandem.rm.protocol.ProtocolVariation;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.protocol.SequenceHeader;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;

/**
 * Writes the WS-RM elements of one {@link ProtocolVariation} with WCF's prefix {@code r}: the
 * Sequence and SequenceAcknowledgement headers and the RM protocol bodies (WS-RM 1.1 §3, WS-RM
 * February 2005 §3). The variation says which optional elements exist; this class knows how they
 * look in XML. A writer for a message without RM content (variation null) is never asked to write
 * an RM element. Each top-level element declares {@code r} itself, as WCF's do.
 */
final class RmElementWriter {
  private static final String R = "r";

  private final ProtocolVariation rm;

  RmElementWriter(ProtocolVariation rm) {
    this.rm = rm;
  }

  /** {@code r:localName} in the variation's namespace. */
  QName name(String localName) {
    return new QName(rm.namespace(), localName, R);
  }

  /** The {@code Sequence} header (WS-RM 1.1 §3.7, February 2005 §3.1). */
  void sequence(XmlWriter w, String soapNs, SequenceHeader s) throws XMLStreamException {
    topLevel(w, "Sequence");
    w.mustUnderstand(soapNs);
    w.leaf(R, rm.namespace(), "Identifier", s.identifier());
    w.leaf(R, rm.namespace(), "MessageNumber", Long.toString(s.messageNumber()));
    if (s.lastMessage()) {
      w.empty(R, rm.namespace(), "LastMessage");
    }
    w.end();
  }

  /** The {@code SequenceAcknowledgement} header (WS-RM 1.1 §3.9, February 2005 §3.2). */
  void acknowledgement(XmlWriter w, SequenceAcknowledgement ack) throws XMLStreamException {
    topLevel(w, "SequenceAcknowledgement");
    w.leaf(R, rm.namespace(), "Identifier", ack.identifier());
    if (ack.ranges().isEmpty() && rm.hasAcknowledgementNone()) {
      w.empty(R, rm.namespace(), "None");
    } else if (ack.ranges().isEmpty()) {
      // February 2005 has no None: WCF acknowledges "nothing yet" as Lower=0 Upper=0 (WCF B1402).
      range(w, 0, 0);
    }
    for (AcknowledgementRange r : ack.ranges()) {
      range(w, r.lower(), r.upper());
    }
    if (ack.fin() && rm.hasAcknowledgementFinal()) {
      w.empty(R, rm.namespace(), "Final");
    }
    if (ack.bufferRemaining() != null) {
      w.start("netrm", EnvelopeReader.NETRM_NS, "BufferRemaining");
      w.declare("netrm", EnvelopeReader.NETRM_NS);
      w.text(Integer.toString(ack.bufferRemaining()));
      w.end();
    }
    w.end();
  }

  private void range(XmlWriter w, long lower, long upper) throws XMLStreamException {
    w.empty(R, rm.namespace(), "AcknowledgementRange");
    w.attribute("Upper", Long.toString(upper));
    w.attribute("Lower", Long.toString(lower));
  }

  /** An RM protocol body: CreateSequence, CreateSequenceResponse or an Identifier-only body. */
  void body(XmlWriter w, OutboundBody content) throws XMLStreamException {
    if (content instanceof OutboundBody.CreateSequenceBody c) {
      // WS-RM 1.1 §3.4: AcksTo only; Tandem offers nothing back (it has no use for a Sequence
      // from a client that has none to offer).
      topLevel(w, "CreateSequence");
      acksTo(w, c.request().acksTo());
      w.end();
    } else if (content instanceof OutboundBody.CreateSequenceResponseBody c) {
      createSequenceResponse(w, c.response());
    } else if (content instanceof OutboundBody.IdentifierBody i) {
      topLevel(w, i.localName());
      w.leaf(R, rm.namespace(), "Identifier", i.identifier());
      w.end();
    }
  }

  private void createSequenceResponse(XmlWriter w, CreateSequenceResponse r)
      throws XMLStreamException {
    topLevel(w, "CreateSequenceResponse");
    w.leaf(R, rm.namespace(), "Identifier", r.identifier());
    if (r.expires() != null) {
      // WS-RM 1.1 §3.4 (February 2005 §3.4): the granted duration, right after Identifier in both
      // schemas; absent means PT0S, "never".
      w.leaf(R, rm.namespace(), "Expires", XsDuration.format(r.expires()));
    }
    if (r.incompleteSequenceBehavior() != null && rm.hasIncompleteSequenceBehavior()) {
      w.leaf(R, rm.namespace(), "IncompleteSequenceBehavior", r.incompleteSequenceBehavior());
    }
    if (r.acceptAcksTo() != null) {
      w.start(R, rm.namespace(), "Accept");
      acksTo(w, r.acceptAcksTo());
      w.end();
    }
    w.end();
  }

  private void acksTo(XmlWriter w, String address) throws XMLStreamException {
    w.start(R, rm.namespace(), "AcksTo");
    String wsa = rm.addressingNamespace();
    w.start("a", wsa, "Address");
    if (!w.declared("a", wsa)) {
      w.declare("a", wsa); // a body stored on its own, outside an envelope
    }
    w.text(address);
    w.end();
    w.end();
  }

  private void topLevel(XmlWriter w, String localName) throws XMLStreamException {
    w.start(R, rm.namespace(), localName);
    w.declare(R, rm.namespace());
  }
}
