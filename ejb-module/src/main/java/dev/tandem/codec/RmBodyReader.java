package dev.tandem.codec;

import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.CreateSequence;
import dev.tandem.rm.protocol.CreateSequenceResponse;
import dev.tandem.rm.protocol.Offer;
import dev.tandem.rm.protocol.SequenceLifecycleRequest;
import org.w3c.dom.Element;

/** Decodes the RM protocol bodies Tandem receives as RM Destination (WS-RM 1.1 §3.4–3.6). */
public final class RmBodyReader {

  /**
   * Decodes {@code wsrm:CreateSequence}.
   *
   * @throws MalformedMessageException when AcksTo/Address is missing
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
      o = new Offer(id, endpoint, isb);
    }
    return new CreateSequence(acksToAddress, o);
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
