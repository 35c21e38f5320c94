package dev.tandem.rm.protocol;

import java.time.Duration;

/**
 * The {@code wsrm:CreateSequence} body (WS-RM 1.1 §3.4).
 *
 * @param acksTo the AcksTo address
 * @param offer the offered reverse Sequence, or null
 * @param expires the requested {@code Expires} (not negative), or null when absent; absent and
 *     {@link Duration#ZERO} ({@code PT0S}) both mean "never expires"
 */
public record CreateSequence(String acksTo, Offer offer, Duration expires) {

  /**
   * The lifetime of the session this CreateSequence asks for: the shorter of a finite {@code
   * Expires} and a finite {@code Offer/Expires}, or null when neither is finite ("never").
   *
   * <p>Why the shorter of the two: the requested Sequence and the offered one form one session
   * (WCF's reliable session; one {@code ReliableSession} holds both), which ends as a whole. Once
   * the offered Sequence has expired Tandem can send no more replies or callbacks, so the request
   * Sequence is of no use beyond it; and WS-RM 1.1 §3.4 lets the RM Destination grant less than the
   * requested Expires ("equal to or less than"), never more.
   */
  public Duration grantedExpires() {
    Duration own = finite(expires) ? expires : null;
    Duration offered = offer != null && finite(offer.expires()) ? offer.expires() : null;
    if (own == null) {
      return offered;
    }
    return offered == null || own.compareTo(offered) <= 0 ? own : offered;
  }

  private static boolean finite(Duration d) {
    return d != null && !d.isZero();
  }
}
