package dev.tandem.engine;

/**
 * Where a service's callbacks go during an invocation: each becomes the next message of the
 * session's offered Sequence, stored in the invocation's transaction and sent after it commits.
 */
@FunctionalInterface
public interface CallbackSink {
  /**
   * Queues one callback, to leave no earlier than {@code delay} from now.
   *
   * @param action the callback's wsa:Action
   * @param body the SOAP Body content, one element, UTF-8 XML
   * @param delay how long the callback waits before it may leave (the RSP sample's 5 s); zero for
   *     at once
   */
  void send(String action, byte[] body, java.time.Duration delay);

  /** Queues one callback to leave at once. */
  default void send(String action, byte[] body) {
    send(action, body, java.time.Duration.ZERO);
  }

  /** A sink for services that have no callbacks; any callback is a programming error. */
  CallbackSink NONE =
      (action, body, delay) -> {
        throw new IllegalStateException("this service has no callback channel: " + action);
      };
}
