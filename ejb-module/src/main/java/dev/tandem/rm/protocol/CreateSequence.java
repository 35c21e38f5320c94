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
   * True when the RM Source asks for a Sequence that expires, or offers one that does (a positive
   * {@code Expires} or {@code Offer/Expires}).
   */
  public boolean requestsExpiry() {
    return finite(expires) || (offer != null && finite(offer.expires()));
  }

  private static boolean finite(Duration d) {
    return d != null && !d.isZero();
  }
}
