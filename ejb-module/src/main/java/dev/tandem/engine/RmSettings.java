package dev.tandem.engine;

/**
 * Tunables of the RM engine.
 *
 * @param inactivityTimeoutMillis a Sequence idle this long (ms) is terminated (WCF default 600000)
 * @param maxTransferWindow messages the client may have unacknowledged in flight; the base of
 *     {@code netrm:BufferRemaining} (WCF MaxTransferWindowSize, default 8)
 * @param retryIntervalMillis first retransmission interval of an outbound message (ms), doubled per
 *     attempt up to 60 s
 * @param maxRetries transmissions of an outbound message before its session is given up (WCF
 *     MaxRetryCount, default 8)
 * @param maxQueuedPerSession outbound messages a duplex session may have waiting for its client
 *     (default 1000); a message that would add more is refused, not acknowledged, so the client
 *     retries it later
 * @param maxOpenSequences Sequences (not terminated) Tandem keeps at once (default 10000); a
 *     CreateSequence beyond it gets CreateSequenceRefused (WS-RM 1.1 §4.6)
 * @param callbacks where callbacks may be sent ({@code tandem.callbacks.*}); a CreateSequence naming
 *     another address gets CreateSequenceRefused
 */
public record RmSettings(
    long inactivityTimeoutMillis,
    int maxTransferWindow,
    long retryIntervalMillis,
    int maxRetries,
    int maxQueuedPerSession,
    long maxOpenSequences,
    CallbackPolicy callbacks) {

  /** As given, with the default callback policy ({@link CallbackPolicy#DEFAULT}). */
  public RmSettings(
      long inactivityTimeoutMillis,
      int maxTransferWindow,
      long retryIntervalMillis,
      int maxRetries,
      int maxQueuedPerSession,
      long maxOpenSequences) {
    this(
        inactivityTimeoutMillis,
        maxTransferWindow,
        retryIntervalMillis,
        maxRetries,
        maxQueuedPerSession,
        maxOpenSequences,
        CallbackPolicy.DEFAULT);
  }

  /** As given, at most 10000 open Sequences. */
  public RmSettings(
      long inactivityTimeoutMillis,
      int maxTransferWindow,
      long retryIntervalMillis,
      int maxRetries,
      int maxQueuedPerSession) {
    this(
        inactivityTimeoutMillis,
        maxTransferWindow,
        retryIntervalMillis,
        maxRetries,
        maxQueuedPerSession,
        10_000);
  }

  /** As given, at most 1000 queued messages per session. */
  public RmSettings(
      long inactivityTimeoutMillis, int maxTransferWindow, long retryIntervalMillis, int maxRetries) {
    this(inactivityTimeoutMillis, maxTransferWindow, retryIntervalMillis, maxRetries, 1_000);
  }

  /** InactivityTimeout and window as given, retransmission defaults (1 s, 8 tries). */
  public RmSettings(long inactivityTimeoutMillis, int maxTransferWindow) {
    this(inactivityTimeoutMillis, maxTransferWindow, 1_000, 8);
  }

  /** WCF's ReliableSessionDefaults. */
  public static RmSettings defaults() {
    return new RmSettings(600_000, 8, 1_000, 8);
  }
}
