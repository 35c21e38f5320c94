package dev.tandem.engine;

import dev.tandem.codec.InboundEnvelope;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.store.RmStore;
import java.time.Clock;

/** Finds the session a message names, or the fault the specs give for it. */
final class SessionLocks {
  private final RmStore store;
  private final Clock clock;

  SessionLocks(RmStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Locks the live session whose inbound Sequence is {@code id}.
   *
   * @throws RmFaultException UnknownSequence (unknown, another RM version, or terminated by the
   *     client), SequenceTerminated (ended by Tandem, or past its Expires)
   */
  ReliableSession lockOrFault(String id, RmVersion v) {
    ReliableSession session =
        store
            .lock(id)
            .filter(s -> s.version() == v)
            .orElseThrow(() -> new RmFaultException(RmFault.UNKNOWN_SEQUENCE, v, id));
    if (session.inbound().state() == SequenceState.TERMINATED) {
      // WS-RM 1.1 §4.4: UnknownSequence for a terminated Sequence; §4.7: SequenceTerminated tells
      // the client that Tandem ended it (InactivityTimeout, retries exhausted).
      throw new RmFaultException(
          session.inbound().terminatedByClient()
              ? RmFault.UNKNOWN_SEQUENCE
              : RmFault.SEQUENCE_TERMINATED,
          v,
          id);
    }
    if (session.inbound().isExpired(clock.instant())) {
      // WS-RM 1.1 §3.4: past its Expires the Sequence is terminated, whether or not the sweep has
      // run yet. Answered as one the sweep ended (§4.7); the fault rolls this transaction back, so
      // the sweep's expire() is what records the termination and frees its resources.
      throw new RmFaultException(RmFault.SEQUENCE_TERMINATED, v, id);
    }
    return session;
  }

  /**
   * @throws RmFaultException MessageAddressingHeaderRequired when the request has no wsa:MessageID
   *     (WCF B1601: CreateSequence, CloseSequence, TerminateSequence need one)
   */
  static void requireMessageId(InboundEnvelope in) {
    if (in.addressing().messageId() == null) {
      throw new RmFaultException(
          RmFault.MESSAGE_ADDRESSING_HEADER_REQUIRED,
          in.rmVersion(),
          "{" + Addressing.NS + "}MessageID");
    }
  }
}
