package dev.tandem.engine.outbound;

import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.session.SourceSequence;
import java.time.Duration;

/**
 * When an outbound message may go, when it goes again, and when Tandem stops trying (WS-RM 1.1 §2.4:
 * the RM Source retransmits until acknowledged; WCF's ReliableSession: exponential back-off,
 * MaxRetryCount, flow control). One policy for every back channel.
 *
 * @param retryIntervalMillis first retransmission interval (ms), doubled per attempt up to 60 s
 * @param maxRetries transmissions before a message's session is given up (WCF MaxRetryCount)
 */
public record RetransmissionPolicy(long retryIntervalMillis, int maxRetries) {
  /** Ceiling of the back-off (ms). */
  private static final long MAX_BACKOFF_MILLIS = 60_000;

  /**
   * When to try again after the {@code attempts}-th hand-over: the retry interval doubled per
   * attempt (exponential back-off, as WCF's RM channel), at most 60 s.
   */
  public Duration backoff(int attempts) {
    return backoff(attempts, retryIntervalMillis);
  }

  /**
   * As {@link #backoff(int)} from an initial interval of {@code initialMillis} (ms) — WCF starts from
   * the measured round trip.
   */
  public Duration backoff(int attempts, long initialMillis) {
    long delay = Math.max(initialMillis, 1) << Math.min(Math.max(attempts - 1, 0), 16);
    return Duration.ofMillis(Math.min(delay, MAX_BACKOFF_MILLIS));
  }

  /**
   * True when {@code m} may be handed over now. It may not while it waits for the client to name
   * its Sequence ({@link OutboundMessage#awaitsReplySequence}), nor, for a callback, while its
   * number lies beyond the client's BufferRemaining (WCF flow control, [RM10] B4001–B4005). Protocol
   * messages and numbers already within the window are never held back.
   */
  public boolean mayTransmit(OutboundMessage m, SourceSequence source) {
    if (m.awaitsReplySequence()) {
      return false;
    }
    return m.kind() != OutboundMessage.Kind.APPLICATION || source.withinBuffer(m.messageNumber());
  }

  /**
   * True when a message that waits for an answer (a Sequence's message, or Tandem's CreateSequence)
   * has used its retry budget: its session is then ended, as WCF faults a reliable session.
   */
  public boolean exhausted(OutboundMessage m) {
    return m.awaitsAnswer() && m.attempts() >= maxRetries;
  }

  /**
   * True when a message outside any Sequence (a stand-alone SequenceAcknowledgement, a
   * CreateSequenceResponse, a TerminateSequenceResponse) has used the retry budget: it is dropped,
   * and its session lives on. Such messages are not themselves reliable; the client's retransmission
   * or its next message asks again, and an acknowledgement is superseded by the next one (WS-RM 1.1
   * §2.4, §3.2). Ending a session for one lost acknowledgement would end sessions whose every message
   * is safe (found by the soak with a lossy callback listener).
   */
  public boolean abandoned(OutboundMessage m) {
    return !m.awaitsAnswer() && m.attempts() >= maxRetries;
  }
}
