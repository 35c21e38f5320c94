package dev.tandem.session;

import dev.tandem.engine.RmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tandem's settings from MicroProfile Config: system properties, environment
 * ({@code TANDEM_RM_INACTIVITY_TIMEOUT} …) or the admin console's config properties.
 */
@ApplicationScoped
public class TandemSettings {

  @Inject
  @ConfigProperty(name = "tandem.rm.inactivity-timeout", defaultValue = "600000")
  long inactivityTimeoutMillis;

  @Inject
  @ConfigProperty(name = "tandem.rm.max-transfer-window", defaultValue = "8")
  int maxTransferWindow;

  @Inject
  @ConfigProperty(name = "tandem.limits.max-message-bytes", defaultValue = "4194304")
  int maxMessageBytes;

  @Inject
  @ConfigProperty(name = "tandem.limits.body-read-timeout", defaultValue = "30000")
  long bodyReadTimeoutMillis;

  @Inject
  @ConfigProperty(name = "tandem.rm.retry-interval", defaultValue = "1000")
  long retryIntervalMillis;

  @Inject
  @ConfigProperty(name = "tandem.rm.max-retries", defaultValue = "8")
  int maxRetries;

  @Inject
  @ConfigProperty(name = "tandem.rm.max-queued-per-session", defaultValue = "1000")
  int maxQueuedPerSession;

  @Inject
  @ConfigProperty(name = "tandem.limits.max-open-sequences", defaultValue = "10000")
  long maxOpenSequences;

  @Inject
  @ConfigProperty(name = "tandem.rm.retention", defaultValue = "86400000")
  long retentionMillis;

  @Inject
  @ConfigProperty(name = "tandem.ledger.enabled", defaultValue = "false")
  boolean ledgerEnabled;

  /**
   * RM engine settings: InactivityTimeout (ms), transfer window (messages; also the most messages
   * held behind a gap per Sequence), first retransmission interval (ms), retry budget
   * (transmissions), outbound queue bound per session and open-Sequence cap.
   */
  public RmSettings rm() {
    return new RmSettings(
        inactivityTimeoutMillis,
        maxTransferWindow,
        retryIntervalMillis,
        maxRetries,
        maxQueuedPerSession,
        maxOpenSequences);
  }

  /**
   * How long (ms) a terminated Sequence is kept, so that a late retransmission still gets
   * SequenceTerminated, before the retention sweep deletes it (default 86400000, one day).
   */
  public long retentionMillis() {
    return retentionMillis;
  }

  /**
   * Longest time a request body may take to arrive once its headers are in, in milliseconds (default
   * 30 s, Grizzly's own read timeout); a slower body gets 408 and its connection is closed.
   */
  public long bodyReadTimeoutMillis() {
    return bodyReadTimeoutMillis;
  }

  /** Largest accepted HTTP request body, in bytes (default 4 MiB). */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * True when every delivery to a service is recorded in the execution ledger ({@code rm_execution},
   * {@link dev.tandem.store.ExecutionLedger}): the exactly-once evidence the durability tests read.
   * Off by default (one extra insert per message).
   */
  public boolean ledgerEnabled() {
    return ledgerEnabled;
  }
}
