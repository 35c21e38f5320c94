package dev.tandem.client.rm;

import org.w3c.dom.Element;

/**
 * Builds the envelopes an {@link RmSource} sends: CreateSequence with Offer, the numbered
 * application messages, the Feb 2005 LastMessage, CloseSequence, TerminateSequence, a stand-alone
 * SequenceAcknowledgement and a MakeConnection poll. Each carries the WS-Addressing headers (ReplyTo
 * is the client's address, To the service's endpoint) and, except CreateSequence, the offered
 * Sequence's acknowledgement ({@link Inbox#acknowledgeOffered}).
 *
 * <p>Each call builds a fresh envelope, so a retransmission carries the acknowledgement as it is
 * then. Thread-safe.
 */
final class SourceEnvelopes {
  private final RmVersion rm;
  private final String replyTo;
  private final String to;
  private final Inbox inbox;

  /**
   * @param replyTo the client's wsa:ReplyTo, AcksTo and Offer Endpoint
   * @param to the service's endpoint (wsa:To)
   * @param inbox where the offered Sequence's acknowledgement comes from
   */
  SourceEnvelopes(RmVersion rm, String replyTo, String to, Inbox inbox) {
    this.rm = rm;
    this.replyTo = replyTo;
    this.to = to;
    this.inbox = inbox;
  }

  /**
   * CreateSequence (WS-RM 1.1 §3.4) with AcksTo and an Offer of {@code offeredId}; 1.1 adds the
   * Offer's Endpoint and IncompleteSequenceBehavior DiscardFollowingFirstGap.
   */
  Envelope createSequence(String messageId, String offeredId) {
    Envelope e = Envelope.create(rm).addressing(rm.action("CreateSequence"), messageId, replyTo, to);
    Element cs = e.rm(e.body(), "CreateSequence");
    e.epr(cs, rm.ns(), "r:AcksTo", replyTo);
    Element offer = e.rm(cs, "Offer");
    e.rm(offer, "Identifier", offeredId);
    if (rm == RmVersion.RM11) {
      e.epr(offer, rm.ns(), "r:Endpoint", replyTo);
      e.rm(offer, "IncompleteSequenceBehavior", "DiscardFollowingFirstGap");
    }
    return e;
  }

  /** Application message {@code n} of Sequence {@code sequenceId}, with AckRequested. */
  Envelope application(String action, String messageId, String sequenceId, long n, RmSource.BodyWriter body) {
    Envelope e = Envelope.create(rm).sequence(sequenceId, n, false).ackRequested(sequenceId);
    inbox.acknowledgeOffered(e, false);
    e.addressing(action, messageId, replyTo, to);
    body.write(e, e.body());
    return e;
  }

  /** Feb 2005: the LastMessage, message {@code n} with the LastMessage header and an empty body. */
  Envelope lastMessage(String messageId, String sequenceId, long n) {
    Envelope e = Envelope.create(rm).sequence(sequenceId, n, true);
    inbox.acknowledgeOffered(e, false);
    return e.addressing(rm.action("LastMessage"), messageId, replyTo, to);
  }

  /** Feb 2005 TerminateSequence: the Identifier only. */
  Envelope terminateSequence(String messageId, String sequenceId) {
    Envelope e = base(rm.action("TerminateSequence"), messageId, false);
    e.rm(e.rm(e.body(), "TerminateSequence"), "Identifier", sequenceId);
    return e;
  }

  /** WS-RM 1.1 CloseSequence (§3.5) with LastMsgNumber; the offered Sequence's acknowledgement is Final. */
  Envelope closeSequence(String messageId, String sequenceId, long lastMsgNumber) {
    return withLastMsgNumber("CloseSequence", messageId, sequenceId, lastMsgNumber);
  }

  /** WS-RM 1.1 TerminateSequence (§3.6) with LastMsgNumber; the offered Sequence's acknowledgement is Final. */
  Envelope terminateSequence(String messageId, String sequenceId, long lastMsgNumber) {
    return withLastMsgNumber("TerminateSequence", messageId, sequenceId, lastMsgNumber);
  }

  /** A stand-alone SequenceAcknowledgement of the offered Sequence. */
  Envelope sequenceAcknowledgement(String messageId) {
    return base(rm.action("SequenceAcknowledgement"), messageId, false);
  }

  /** A WS-MakeConnection poll for the messages waiting for {@code mcAddress}. */
  Envelope makeConnection(String messageId, String mcAddress) {
    Envelope e = base(Ns.MAKE_CONNECTION, messageId, false);
    Element mc = e.element(e.body(), Ns.MC, "mc:MakeConnection");
    mc.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:mc", Ns.MC);
    e.element(mc, Ns.MC, "mc:Address", mcAddress);
    return e;
  }

  private Envelope withLastMsgNumber(String element, String messageId, String sequenceId, long lastMsgNumber) {
    Envelope e = base(rm.action(element), messageId, true);
    Element c = e.rm(e.body(), element);
    e.rm(c, "Identifier", sequenceId);
    e.rm(c, "LastMsgNumber", Long.toString(lastMsgNumber));
    return e;
  }

  private Envelope base(String action, String messageId, boolean finalAck) {
    Envelope e = Envelope.create(rm);
    inbox.acknowledgeOffered(e, finalAck);
    return e.addressing(action, messageId, replyTo, to);
  }
}
