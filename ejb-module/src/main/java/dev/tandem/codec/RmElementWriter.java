package dev.tandem.codec;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.protocol.CreateSequenceResponse;
import dev.tandem.rm.protocol.ProtocolVariation;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.protocol.SequenceHeader;
import jakarta.xml.soap.SOAPBody;
import jakarta.xml.soap.SOAPElement;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPHeader;
import jakarta.xml.soap.SOAPHeaderElement;
import javax.xml.namespace.QName;

/**
 * Writes the WS-RM elements of one {@link ProtocolVariation} with WCF's prefix {@code r}: the
 * Sequence and SequenceAcknowledgement headers and the RM protocol bodies (WS-RM 1.1 §3, WS-RM
 * February 2005 §3). The variation says which optional elements exist; this class knows how they
 * look in XML. A writer for a message without RM content (variation null) is never asked to write
 * an RM element.
 */
final class RmElementWriter {
  private final ProtocolVariation rm;

  RmElementWriter(ProtocolVariation rm) {
    this.rm = rm;
  }

  /** {@code r:localName} in the variation's namespace. */
  QName name(String localName) {
    return new QName(rm.namespace(), localName, "r");
  }

  /** The {@code Sequence} header (WS-RM 1.1 §3.7, February 2005 §3.1). */
  void sequence(SOAPHeader header, SequenceHeader s) throws SOAPException {
    SOAPHeaderElement e = header.addHeaderElement(name("Sequence"));
    EnvelopeWriter.mustUnderstand(e);
    e.addChildElement(name("Identifier")).addTextNode(s.identifier());
    e.addChildElement(name("MessageNumber")).addTextNode(Long.toString(s.messageNumber()));
    if (s.lastMessage()) {
      e.addChildElement(name("LastMessage"));
    }
  }

  /** The {@code SequenceAcknowledgement} header (WS-RM 1.1 §3.9, February 2005 §3.2). */
  void acknowledgement(SOAPHeader header, SequenceAcknowledgement ack) throws SOAPException {
    SOAPHeaderElement e = header.addHeaderElement(name("SequenceAcknowledgement"));
    e.addChildElement(name("Identifier")).addTextNode(ack.identifier());
    if (ack.ranges().isEmpty() && rm.hasAcknowledgementNone()) {
      e.addChildElement(name("None"));
    } else if (ack.ranges().isEmpty()) {
      // February 2005 has no None: WCF acknowledges "nothing yet" as Lower=0 Upper=0 (WCF B1402).
      range(e, 0, 0);
    }
    for (AcknowledgementRange r : ack.ranges()) {
      range(e, r.lower(), r.upper());
    }
    if (ack.fin() && rm.hasAcknowledgementFinal()) {
      e.addChildElement(name("Final"));
    }
    if (ack.bufferRemaining() != null) {
      e.addChildElement(new QName(EnvelopeReader.NETRM_NS, "BufferRemaining", "netrm"))
          .addTextNode(Integer.toString(ack.bufferRemaining()));
    }
  }

  private void range(SOAPElement ack, long lower, long upper) throws SOAPException {
    SOAPElement r = ack.addChildElement(name("AcknowledgementRange"));
    r.setAttribute("Upper", Long.toString(upper));
    r.setAttribute("Lower", Long.toString(lower));
  }

  /** An RM protocol body: CreateSequence, CreateSequenceResponse or an Identifier-only body. */
  void body(SOAPBody body, OutboundBody content) throws SOAPException {
    if (content instanceof OutboundBody.CreateSequenceBody c) {
      // WS-RM 1.1 §3.4: AcksTo only; Tandem offers nothing back (it has no use for a Sequence
      // from a client that has none to offer).
      body.addChildElement(name("CreateSequence"))
          .addChildElement(name("AcksTo"))
          .addChildElement(new QName(rm.addressingNamespace(), "Address", "a"))
          .addTextNode(c.request().acksTo());
    } else if (content instanceof OutboundBody.CreateSequenceResponseBody c) {
      createSequenceResponse(body, c.response());
    } else if (content instanceof OutboundBody.IdentifierBody i) {
      body.addChildElement(name(i.localName()))
          .addChildElement(name("Identifier"))
          .addTextNode(i.identifier());
    }
  }

  private void createSequenceResponse(SOAPBody body, CreateSequenceResponse r)
      throws SOAPException {
    SOAPElement e = body.addChildElement(name("CreateSequenceResponse"));
    e.addChildElement(name("Identifier")).addTextNode(r.identifier());
    if (r.expires() != null) {
      // WS-RM 1.1 §3.4 (February 2005 §3.4): the granted duration, right after Identifier in both
      // schemas; absent means PT0S, "never".
      e.addChildElement(name("Expires")).addTextNode(XsDuration.format(r.expires()));
    }
    if (r.incompleteSequenceBehavior() != null && rm.hasIncompleteSequenceBehavior()) {
      e.addChildElement(name("IncompleteSequenceBehavior"))
          .addTextNode(r.incompleteSequenceBehavior());
    }
    if (r.acceptAcksTo() != null) {
      e.addChildElement(name("Accept"))
          .addChildElement(name("AcksTo"))
          .addChildElement(new QName(rm.addressingNamespace(), "Address", "a"))
          .addTextNode(r.acceptAcksTo());
    }
  }
}
