package dev.tandem.engine;

import dev.tandem.codec.InboundEnvelope;
import dev.tandem.codec.MakeConnectionReader;
import dev.tandem.codec.OutboundBody;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.engine.outbound.RmSource;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.ProtocolVariation;
import dev.tandem.rm.protocol.RmAction;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Routes one decoded inbound message to the RM Destination by its Action and RM headers (WS-RM 1.1
 * §3, WS-RM February 2005 §3). Piggy-backed acknowledgements are processed first, as WCF's channel
 * does. Which protocol messages exist is the message's {@link ProtocolVariation}'s to say.
 */
public final class ProtocolDispatcher {
  private final RmDestination destination;
  private final SequenceLifecycle lifecycle;
  private final RmSource source;
  private final MakeConnectionEngine makeConnection;
  private final ApplicationInvoker application;

  /** Built by {@link RmEngine}. */
  ProtocolDispatcher(
      RmDestination destination,
      SequenceLifecycle lifecycle,
      RmSource source,
      MakeConnectionEngine makeConnection,
      ApplicationInvoker application) {
    this.destination = destination;
    this.lifecycle = lifecycle;
    this.source = source;
    this.makeConnection = makeConnection;
    this.application = application;
  }

  /**
   * Dispatches a message received on {@code endpoint}.
   *
   * @param destinationUri the absolute URI the message was posted to (echoed as Accept/AcksTo)
   * @return the answer for the HTTP response
   * @throws RmFaultException for every fault the specs define; the caller rolls back
   */
  public Answer dispatch(InboundEnvelope in, String endpoint, String destinationUri) {
    Answer answer = answer(in, endpoint, destinationUri);
    String replyTo = in.addressing().replyTo();
    if (answer instanceof Answer.Accepted && MakeConnectionReader.isAnonymous(replyTo)) {
      // WS-MC 1.1 §3: the back channel of any message whose ReplyTo is an MC anonymous URI may carry
      // a message pending for that URI, as a MakeConnection poll would.
      Optional<Answer.Reply> pending = makeConnection.deliver(replyTo);
      if (pending.isPresent()) {
        return pending.get();
      }
    }
    return answer;
  }

  private Answer answer(InboundEnvelope in, String endpoint, String destinationUri) {
    ProtocolVariation p = in.variation();
    RmVersion v = in.rmVersion();
    String action = in.action();
    if (p == null || !is(in, p, RmAction.CREATE_SEQUENCE)) {
      // A CreateSequence's addresses are checked by the RM Destination (CreateSequenceRefused).
      CallbackAddressCheck.message(in);
    }
    if (!application.isReliable(endpoint)) {
      return unreliable(in, endpoint);
    }
    if (in.addressing().action() == null) {
      // WS-A 1.0 Core §3.1: wsa:Action is required; SOAP Binding §6.4.4 names the fault.
      throw new RmFaultException(
          RmFault.MESSAGE_ADDRESSING_HEADER_REQUIRED, v, "{" + Addressing.NS + "}Action");
    }
    if (MakeConnectionReader.ACTION.equals(action)
        && in.bodyIs(MakeConnectionReader.NS, "MakeConnection")) {
      // WS-MC 1.1 §3.1; acknowledgements may ride on the poll.
      if (p != null) {
        for (SequenceAcknowledgement ack : in.acknowledgements()) {
          source.acknowledgement(v, ack);
        }
      }
      return makeConnection.poll(in);
    }
    if (p == null) {
      if (HeaderlessProtocolMessage.accepts(in)) {
        // CXF's header-less LastMessage / SequenceAcknowledgement: nothing in it to keep or lose.
        HeaderlessProtocolMessage.logOnce(in);
        return new Answer.Accepted();
      }
      // No RM header nor RM body: a plain message to a reliable endpoint (WS-RM 1.1 §4.9). An RM 1.1
      // Action without its header but with a body is such a message too: WCF's 1.1 channel answers
      // it WSRMRequired, and ActionNotSupported only in February 2005, which has no WSRMRequired.
      if (application.supports(endpoint, action) || isActionOfAVersionWithWsrmRequired(action)) {
        throw new RmFaultException(RmFault.WSRM_REQUIRED);
      }
      throw new RmFaultException(RmFault.ACTION_NOT_SUPPORTED, null, action);
    }
    for (SequenceAcknowledgement ack : in.acknowledgements()) {
      source.acknowledgement(v, ack);
    }
    if (is(in, p, RmAction.CREATE_SEQUENCE)) {
      String uri = in.addressing().to() != null ? in.addressing().to() : destinationUri;
      return lifecycle.createSequence(in, endpoint, uri);
    }
    if (is(in, p, RmAction.CREATE_SEQUENCE_RESPONSE)) {
      // The answer to Tandem's own CreateSequence for a reply Sequence nobody offered.
      return lifecycle.createSequenceResponse(in);
    }
    if (is(in, p, RmAction.CLOSE_SEQUENCE)) { // WS-RM 1.1 §3.5; never in February 2005
      return lifecycle.closeSequence(in);
    }
    if (is(in, p, RmAction.TERMINATE_SEQUENCE)) {
      return lifecycle.terminateSequence(in);
    }
    if (in.sequence() != null) {
      return destination.sequenceMessage(in);
    }
    if (in.body() == null) {
      // Headers only: a standalone AckRequested or SequenceAcknowledgement (WS-RM 1.1 §3.8, §3.9).
      if (!in.ackRequested().isEmpty()) {
        return destination.ackRequested(in, in.ackRequested().get(0));
      }
      if (p.isAction(action, RmAction.SEQUENCE_ACKNOWLEDGEMENT)) {
        return new Answer.Accepted();
      }
      if (HeaderlessProtocolMessage.isHeadersOnlyAction(action)) {
        // E.g. CXF's February 2005 LastMessage without its Sequence header but with a piggy-backed
        // acknowledgement (processed above): nothing else in it to keep or lose.
        HeaderlessProtocolMessage.logOnce(in);
        return new Answer.Accepted();
      }
    }
    // A body that is not an RM protocol body, without a Sequence header: answering it with an
    // acknowledgement would drop the body silently, the client getting neither result nor fault.
    // AckRequested or SequenceAcknowledgement headers do not make it reliable (WS-RM 1.1 §4.9).
    if (application.supports(endpoint, action)) {
      throw new RmFaultException(RmFault.WSRM_REQUIRED);
    }
    throw new RmFaultException(RmFault.ACTION_NOT_SUPPORTED, v, action);
  }

  /**
   * True when {@code in} is the protocol message {@code message} of {@code p}: its Action and its
   * body element (false when {@code p} has no such message, e.g. CloseSequence in February 2005).
   */
  private static boolean is(InboundEnvelope in, ProtocolVariation p, RmAction message) {
    return p.isAction(in.action(), message) && in.bodyIs(p.namespace(), message.localName());
  }

  /**
   * True for an Action in the namespace of a version whose faults include WSRMRequired (WS-RM 1.1
   * §4; February 2005 has no such fault), whether or not that version defines the Action.
   */
  private static boolean isActionOfAVersionWithWsrmRequired(String action) {
    return Arrays.stream(ProtocolVariation.values())
        .anyMatch(p -> p.definesFault(RmFault.WSRM_REQUIRED) && p.ownsAction(action));
  }

  /** A plain request-reply exchange on an endpoint without a reliable session. */
  private Answer unreliable(InboundEnvelope in, String endpoint) {
    ApplicationRequest.check(application, endpoint, in, null);
    ApplicationReply r =
        application.invoke(new Invocation(endpoint, null, in.action(), in.body(), CallbackSink.NONE));
    if (r == null) {
      return new Answer.Accepted();
    }
    OutboundEnvelope out =
        new OutboundEnvelope(
            in.soapVersion(),
            null,
            r.action(),
            in.addressing().messageId(),
            null,
            null,
            List.of(),
            new OutboundBody.Xml(r.body()));
    return new Answer.Reply(out, r.isFault() ? 500 : 200);
  }
}
