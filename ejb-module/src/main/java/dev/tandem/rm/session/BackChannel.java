package dev.tandem.rm.session;

/**
 * How Tandem reaches the client of a reliable session, chosen once at CreateSequence from the
 * endpoint's exchange pattern and the CreateSequence's AcksTo, and kept for the session's life.
 * Every "does this answer go on the HTTP response, and is anything queued for later?" question is
 * answered here rather than asked again of the endpoint and the address per message.
 */
public enum BackChannel {
  /**
   * Request-reply, non-addressable client (WCF {@code wsHttpBinding} + reliableSession, [RM10]
   * "Request-Reply, Non-Addressable Initiator"): every answer travels on the HTTP response of the
   * request it answers; nothing is queued.
   */
  RESPONSE,
  /**
   * Request-reply whose client is reachable only by WS-MakeConnection (its AcksTo is an MC
   * anonymous URI, WS-MC 1.1 §3.1): answers travel on the HTTP response, and each reply is also kept
   * in the outbound queue until acknowledged, so that a lost response is retransmitted on a poll.
   */
  RESPONSE_AND_POLL,
  /**
   * Duplex, addressable client (WCF {@code wsDualHttpBinding}, [RM10] "Duplex, Addressable
   * Initiator"): every message to the client — protocol answers and callbacks — is queued and
   * POSTed to its AcksTo; the request's HTTP response is a bare 202.
   */
  ADDRESSED,
  /**
   * Duplex client that opens no listener (Reliable Secure Profile, WS-MC 1.1 §3): protocol answers
   * travel on the HTTP response; callbacks are queued and travel on the back channel of a
   * MakeConnection poll for its MC anonymous AcksTo.
   */
  POLLED;

  /**
   * The back channel for a new session.
   *
   * @param duplex the endpoint's service calls back (one-way operations, callbacks)
   * @param makeConnection the AcksTo is an MC anonymous URI (WS-MC 1.1 §3.1)
   */
  public static BackChannel choose(boolean duplex, boolean makeConnection) {
    if (duplex) {
      return makeConnection ? POLLED : ADDRESSED;
    }
    return makeConnection ? RESPONSE_AND_POLL : RESPONSE;
  }

  /** True when protocol answers (CreateSequenceResponse, acknowledgements, replies) go on the HTTP response. */
  public boolean answersOnResponse() {
    return this != ADDRESSED;
  }

  /** True when the service's callbacks are queued for the client (the endpoint is duplex). */
  public boolean carriesCallbacks() {
    return this == ADDRESSED || this == POLLED;
  }

  /** True when replies sent on the HTTP response are also kept for retransmission on a poll. */
  public boolean retainsReplies() {
    return this == RESPONSE_AND_POLL;
  }

  /** True when the session may have messages in the outbound queue (all but {@link #RESPONSE}). */
  public boolean queues() {
    return this != RESPONSE;
  }
}
