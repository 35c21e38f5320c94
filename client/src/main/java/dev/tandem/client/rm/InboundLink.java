package dev.tandem.client.rm;

/**
 * The network in front of a {@link DualListener}, the inbound counterpart of {@link Link}: for each
 * message that arrives it decides whether the sender gets its HTTP answer and whether, when and how
 * often the client sees the message. A soak test plugs in a lossy one ({@code
 * dev.tandem.client.soak.LossyLink#inbound()}); {@link #PERFECT} answers and delivers once.
 */
@FunctionalInterface
public interface InboundLink {
  /** Every message answered 202, then delivered once. */
  InboundLink PERFECT =
      (answer, deliver) -> {
        answer.run();
        deliver.run();
      };

  /**
   * Carries one arriving message. Not calling {@code answer} closes the sender's connection without
   * an HTTP response (a lost exchange: the service retransmits); {@code deliver} may be called zero
   * times (lost), more than once (duplicated) or later from another thread (reordered).
   *
   * @param answer sends the 202 response; call at most once, on the calling thread
   * @param deliver hands the message to the client; thread-safe
   */
  void arrive(Runnable answer, Runnable deliver);
}
