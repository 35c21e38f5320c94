package dev.tandem.bench;

/**
 * One client session against one endpoint: a WS-RM Sequence (opened by {@link SessionFactory#open},
 * ended by {@link #close}) or, for a plain endpoint, a client that just sends. Used by one thread.
 */
public interface Session extends AutoCloseable {
  /** One synchronous Add call; returns the service's result. */
  double add(double n1, double n2) throws Exception;

  /** HTTP requests sent so far (first transmissions and retransmissions), or -1 if not known. */
  default long transmissions() {
    return -1;
  }

  /** Ends the session (for RM: the protocol's close and terminate exchanges). */
  @Override
  void close() throws Exception;
}
