package dev.tandem.session;

import dev.tandem.engine.CallbackPolicy;
import dev.tandem.engine.RmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
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

  // Optional: MicroProfile Config treats an empty default as "missing", and empty means "any" here.
  @Inject
  @ConfigProperty(name = "tandem.callbacks.allowed-hosts")
  Optional<String> callbackAllowedHosts = Optional.empty();

  @Inject
  @ConfigProperty(name = "tandem.callbacks.allowed-networks")
  Optional<String> callbackAllowedNetworks = Optional.empty();

  @Inject
  @ConfigProperty(
      name = "tandem.callbacks.deny-networks",
      defaultValue = CallbackPolicy.DEFAULT_DENIED_NETWORKS)
  String callbackDeniedNetworks = CallbackPolicy.DEFAULT_DENIED_NETWORKS;

  private volatile CallbackPolicy callbacks;

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
        maxOpenSequences,
        callbacks());
  }

  /**
   * Where callbacks may go ({@code tandem.callbacks.allowed-hosts}, {@code
   * tandem.callbacks.allowed-networks}, {@code tandem.callbacks.deny-networks}; see README, "Callback
   * address policy"). Parsed once.
   *
   * @throws IllegalArgumentException when a key holds something that is not a host pattern or an IP
   *     range (the message names it); the sender asks at start-up, so a typo fails the deployment
   */
  public CallbackPolicy callbacks() {
    CallbackPolicy p = callbacks;
    if (p == null) {
      p =
          new CallbackPolicy(
              CallbackPolicy.parseHosts(callbackAllowedHosts.orElse("")),
              CallbackPolicy.parseNetworks(callbackAllowedNetworks.orElse("")),
              CallbackPolicy.parseNetworks(callbackDeniedNetworks));
      callbacks = p;
    }
    return p;
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
