package dev.tandem.client.rm;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends the RM Source's Sequence once its messages are answered: Feb 2005 TerminateSequence (after the
 * LastMessage the {@link RmSource} sends as a numbered message), WS-RM 1.1 CloseSequence (§3.5) then
 * TerminateSequence (§3.6). Each is retransmitted until its answer arrives.
 *
 * <p>When is the answer in: a message relating to the request, the matching response action (1.1),
 * the service's TerminateSequence of the offered Sequence or an empty 2xx response (Feb 2005). A
 * fault ends the session as done when the service may have processed an earlier transmission and
 * forgotten the Sequence: from the second transmission on, or from the first in a resumed run (the
 * run before may have died after the service terminated the Sequence).
 */
final class SequenceTermination {
  private final RmVersion rm;
  private final Inbox inbox;
  private final SourceEnvelopes envelopes;
  private final Retransmission retransmission;

  SequenceTermination(RmVersion rm, Inbox inbox, SourceEnvelopes envelopes, Retransmission retransmission) {
    this.rm = rm;
    this.inbox = inbox;
    this.envelopes = envelopes;
    this.retransmission = retransmission;
  }

  /**
   * Closes (1.1) and terminates Sequence {@code sequenceId}.
   *
   * @param lastNumber the highest MessageNumber sent (1.1 LastMsgNumber)
   * @param resumed the Sequence was taken up from the store by this run
   * @throws ServiceFaultException when the service faults before the session can count as over
   * @throws TransportException when an answer does not come within the retry budget
   */
  void terminate(String sequenceId, long lastNumber, boolean resumed) throws InterruptedException {
    int faultIsDoneFrom = resumed ? 1 : 2;
    if (rm == RmVersion.RM10) {
      terminateFeb2005(sequenceId, faultIsDoneFrom);
      return;
    }
    String cid = RmSource.newId();
    retransmission.exchange(
        "CloseSequence",
        retransmission.post(() -> envelopes.closeSequence(cid, sequenceId, lastNumber)),
        () -> inbox.hasReply(cid) || inbox.hasSeen(rm.action("CloseSequenceResponse")),
        // Closing does not make the service forget the Sequence, so a fault on a retransmitted
        // CloseSequence is real; only a resumed run may meet a Sequence already terminated.
        faultIsDoneFrom == 1 ? 1 : 0);
    String tid = RmSource.newId();
    retransmission.exchange(
        "TerminateSequence",
        retransmission.post(() -> envelopes.terminateSequence(tid, sequenceId, lastNumber)),
        () -> inbox.hasReply(tid) || inbox.hasSeen(rm.action("TerminateSequenceResponse")),
        faultIsDoneFrom);
  }

  private void terminateFeb2005(String sequenceId, int faultIsDoneFrom) throws InterruptedException {
    String tid = RmSource.newId();
    // Feb 2005: TerminateSequence is a one-way message, so an empty 2xx response completes it (CXF
    // answers 202); WCF, Metro and Tandem answer with a TerminateSequence of the offered Sequence.
    AtomicBoolean accepted = new AtomicBoolean();
    Retransmission.Transmission terminate = retransmission.post(() -> envelopes.terminateSequence(tid, sequenceId));
    retransmission.exchange(
        "TerminateSequence",
        () -> {
          HttpTransport.Response r = terminate.send();
          if (r.message() == null && r.status() / 100 == 2) {
            accepted.set(true);
          }
          return r;
        },
        () -> inbox.hasReply(tid) || inbox.offeredIsTerminated() || accepted.get(),
        faultIsDoneFrom);
  }
}
