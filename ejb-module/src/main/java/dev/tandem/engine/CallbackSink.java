package dev.tandem.engine;

/**
 * Where a service's callbacks go during an invocation: each becomes the next message of the
 * session's offered Sequence, stored in the invocation's transaction and sent after it commits.
 */
@FunctionalInterface
public interface CallbackSink {
  /**
   * Queues one callback.
   *
   * @param action the callback's wsa:Action
   * @param body the SOAP Body content, one element, UTF-8 XML
   */
  void send(String action, byte[] body);

  /** A sink for services that have no callbacks; any callback is a programming error. */
  CallbackSink NONE =
      (action, body) -> {
        throw new IllegalStateException("this service has no callback channel: " + action);
      };
}
