package dev.tandem.codec;

import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.CreateSequence;
import dev.tandem.rm.protocol.CreateSequenceResponse;
import dev.tandem.rm.protocol.Offer;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.protocol.SequenceLifecycleRequest;
import java.time.Duration;
import org.w3c.dom.Element;

/** Decodes the RM protocol bodies Tandem receives as RM Destination (WS-RM 1.1 §3.4–3.6). */
public final class RmBodyReader {

  /**
   * Decodes {@code wsrm:CreateSequence}.
   *
   * @throws MalformedMessageException when AcksTo/Address is missing
   * @throws RmFaultException CreateSequenceRefused when {@code Expires} or {@code Offer/Expires} is
   *     not an xs:duration (as the JDK's JAXP parser reads it, {@link XsDuration}), or is negative:
   *     WCF reads both and refuses a CreateSequence it cannot parse with CreateSequenceRefused
   */
  public CreateSequence createSequence(Element body, RmVersion v) {
    Element acksTo = Dom.child(body, v.namespace(), "AcksTo");
    String acksToAddress = Dom.text(Dom.child(acksTo, Addressing.NS, "Address"));
    if (acksToAddress == null || acksToAddress.isEmpty()) {
      throw new MalformedMessageException("CreateSequence lacks AcksTo/Address");
    }
    Element offer = Dom.child(body, v.namespace(), "Offer");
    Offer o = null;
    if (offer != null) {
      String id = EnvelopeReader.requiredText(offer, v, "Identifier");
      String endpoint = Dom.text(Dom.child(Dom.child(offer, v.namespace(), "Endpoint"), Addressing.NS, "Address"));
      String isb = Dom.text(Dom.child(offer, v.namespace(), "IncompleteSequenceBehavior"));
      o = new Offer(id, endpoint, isb, expires(offer, v));
    }
    return new CreateSequence(acksToAddress, o, expires(body, v));
  }

  /** The {@code Expires} child of {@code parent}; null when absent. */
  private static Duration expires(Element parent, RmVersion v) {
    Element e = Dom.child(parent, v.namespace(), "Expires");
    if (e == null) {
      return null;
    }
    Duration d;
    try {
      d = XsDuration.parse(Dom.text(e));
    } catch (IllegalArgumentException notADuration) {
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    if (d.isNegative()) {
      throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null);
    }
    return d;
  }

  /**
   * Decodes {@code wsrm:CreateSequenceResponse}, the client's answer to Tandem's own CreateSequence
   * (WS-RM 1.1 §3.4). An Accept is ignored: Tandem offered nothing.
   *
   * @throws MalformedMessageException when Identifier is missing
   */
  public CreateSequenceResponse createSequenceResponse(Element body, RmVersion v) {
    String id = EnvelopeReader.requiredText(body, v, "Identifier");
    String isb = Dom.text(Dom.child(body, v.namespace(), "IncompleteSequenceBehavior"));
    return new CreateSequenceResponse(id, null, isb);
  }

  /**
   * Decodes {@code CloseSequence} or {@code TerminateSequence}.
   *
   * @throws MalformedMessageException when Identifier is missing or LastMsgNumber is not a number
   */
  public SequenceLifecycleRequest lifecycle(Element body, RmVersion v) {
    String id = EnvelopeReader.requiredText(body, v, "Identifier");
    Element last = Dom.child(body, v.namespace(), "LastMsgNumber");
    Long lastNumber = last == null ? null : EnvelopeReader.parseNumber(Dom.text(last), "LastMsgNumber");
    return new SequenceLifecycleRequest(id, lastNumber);
  }
}
