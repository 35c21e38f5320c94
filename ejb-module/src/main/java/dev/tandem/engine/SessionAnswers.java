package dev.tandem.engine;

import dev.tandem.codec.InboundEnvelope;
import dev.tandem.codec.OutboundBody;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.engine.outbound.OutboundQueue;
import dev.tandem.rm.model.StoredMessage;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.protocol.SequenceHeader;
import dev.tandem.rm.session.ReliableSession;
import java.util.List;

/**
 * Builds the RM Destination's answers and sends each by the session's {@link
 * dev.tandem.rm.session.BackChannel}: on the HTTP response, or queued for the client's address with
 * a bare 202 on the response ([RM10] "Duplex, Addressable Initiator").
 */
final class SessionAnswers {
  private final OutboundQueue queue;
  private final int transferWindow;

  SessionAnswers(OutboundQueue queue, int transferWindow) {
    this.queue = queue;
    this.transferWindow = transferWindow;
  }

  /** The current SequenceAcknowledgement of the session's inbound Sequence (WS-RM 1.1 §3.9). */
  SequenceAcknowledgement ack(ReliableSession session) {
    return session.inbound().acknowledgement(transferWindow);
  }

  /** A stand-alone SequenceAcknowledgement message. */
  Answer acknowledgement(InboundEnvelope in, ReliableSession session) {
    OutboundEnvelope out =
        new OutboundEnvelope(
            in.soapVersion(),
            session.version(),
            session.version().action("SequenceAcknowledgement"),
            null,
            null,
            null,
            List.of(ack(session)),
            OutboundBody.empty());
    return route(session, out, 200);
  }

  /** A protocol response relating to the request. */
  Answer reply(
      InboundEnvelope in,
      ReliableSession session,
      String action,
      List<SequenceAcknowledgement> acks,
      OutboundBody body) {
    OutboundEnvelope out =
        new OutboundEnvelope(
            in.soapVersion(),
            in.rmVersion(),
            action,
            in.addressing().messageId(),
            null,
            null,
            acks,
            body);
    return route(session, out, 200);
  }

  /**
   * The stored reply of a delivered request, in the outbound Sequence; an acknowledgement when
   * there is no reply, or (February 2005 LastMessage) the client has not named that Sequence yet.
   */
  Answer storedReply(InboundEnvelope in, ReliableSession session, StoredMessage m) {
    if (m.replyNumber() == null || session.outbound().awaitsIdentifier()) {
      return acknowledgement(in, session);
    }
    OutboundBody body =
        m.replyBody() == null || m.replyBody().length == 0
            ? OutboundBody.empty()
            : new OutboundBody.Xml(m.replyBody());
    OutboundEnvelope out =
        new OutboundEnvelope(
            in.soapVersion(),
            session.version(),
            m.replyAction(),
            m.replyRelatesTo(),
            null,
            new SequenceHeader(session.outbound().id(), m.replyNumber(), m.replyLast()),
            List.of(ack(session)),
            body);
    boolean fault = ApplicationReply.FAULT_ACTION.equals(m.replyAction());
    return route(session, out, fault ? 500 : 200);
  }

  private Answer route(ReliableSession session, OutboundEnvelope out, int httpStatus) {
    if (session.backChannel().answersOnResponse()) {
      // A MakeConnection client gets protocol answers on the HTTP response of its own request
      // (RSP: the CreateSequenceResponse relates to the request); only callbacks wait for polls.
      return new Answer.Reply(out, httpStatus);
    }
    queue.send(session, out);
    return new Answer.Accepted();
  }
}
