package dev.tandem.engine;

/**
 * Tunables of the RM engine.
 *
 * @param inactivityTimeoutMillis a Sequence idle this long (ms) is terminated (WCF default 600000)
 * @param maxTransferWindow messages the client may have unacknowledged in flight; the base of
 *     {@code netrm:BufferRemaining} (WCF MaxTransferWindowSize, default 8)
 */
public record RmSettings(long inactivityTimeoutMillis, int maxTransferWindow) {
  /** WCF's ReliableSessionDefaults. */
  public static RmSettings defaults() {
    return new RmSettings(600_000, 8);
  }
}
