package dev.tandem.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Tandem's metrics, in MicroProfile Metrics' {@code application} registry (Payara serves them at
 * {@code /metrics}, Prometheus text format; a dot in a name becomes {@code _}, a counter gets the
 * suffix {@code _total}, a timer's seconds {@code _seconds}). The names are listed in the README
 * (Operations) and as constants here. Counters count since the server started, on this node.
 *
 * <p>Counters are looked up once per tag value and cached: counting costs a map lookup and an
 * atomic add.
 */
@ApplicationScoped
public class TandemMetrics {
  /** New MessageNumbers accepted, by {@code endpoint} (delivered at once or held behind a gap). */
  public static final String RECEIVED = "tandem.messages.received";
  /** Messages delivered to the service, by {@code endpoint}. */
  public static final String DELIVERED = "tandem.messages.delivered";
  /** Accepted messages that arrived ahead of a gap and were held, by {@code endpoint}. */
  public static final String HELD_BEHIND_GAP = "tandem.messages.held.behind.gap";
  /** Retransmitted messages answered from the store, not delivered again, by {@code endpoint}. */
  public static final String RETRANSMISSIONS = "tandem.messages.retransmissions.answered";
  /** Messages refused before the engine, by {@code reason}. */
  public static final String REFUSED = "tandem.messages.refused";
  /** SOAP faults Tandem answered with, by {@code code} (the spec's subcode local name). */
  public static final String FAULTED = "tandem.messages.faulted";
  /** Outbound transmissions (callback POSTs, replies to MakeConnection polls), by {@code kind}. */
  public static final String OUTBOUND_TRANSMISSIONS = "tandem.outbound.transmissions";
  /** Sessions ended because a message stayed unacknowledged after MaxRetryCount transmissions. */
  public static final String OUTBOUND_GIVE_UPS = "tandem.outbound.giveups";
  /** Callback POSTs that failed (no answer, non-2xx, refused by the callback policy). */
  public static final String OUTBOUND_POST_FAILURES = "tandem.outbound.post.failures";
  /** Time to process one POST to Service.svc, from the body read to the answer written. */
  public static final String PROCESSING = "tandem.message.processing";
  /** Time of one message's store transaction, commit included. */
  public static final String STORE_TRANSACTION = "tandem.store.transaction";

  @Inject MetricRegistry registry;

  private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  /** The counter {@code name} with one tag; created on first use. */
  public Counter counter(String name, String tag, String value) {
    // Keyed by plain strings: a MetricID and its Tag (validated, sorted) are built only once.
    return counters.computeIfAbsent(
        new CounterKey(name, tag, value),
        k ->
            registry.counter(
                metadata(name, MetricUnits.NONE),
                new Tag(tag, value == null || value.isEmpty() ? "none" : value)));
  }

  /** The counter {@code name} without tags. */
  public Counter counter(String name) {
    return counters.computeIfAbsent(
        new CounterKey(name, null, null), k -> registry.counter(metadata(name, MetricUnits.NONE)));
  }

  private record CounterKey(String name, String tag, String value) {}

  /** Counts one SOAP fault sent, by its subcode (e.g. {@code UnknownSequence}). */
  public void faulted(String code) {
    counter(FAULTED, "code", code).inc();
  }

  /** Counts one message refused before the engine ({@code reason}: e.g. {@code body-too-large}). */
  public void refused(String reason) {
    counter(REFUSED, "reason", reason).inc();
  }

  /** Counts one failed callback POST. */
  public void postFailed() {
    counter(OUTBOUND_POST_FAILURES).inc();
  }

  /** Records one message's processing time. */
  public void processing(Duration d) {
    timer(PROCESSING).update(d);
  }

  /** Records one store transaction's time. */
  public void storeTransaction(Duration d) {
    timer(STORE_TRANSACTION).update(d);
  }

  /** The timer {@code name}; created on first use. */
  public Timer timer(String name) {
    return timers.computeIfAbsent(name, n -> registry.timer(metadata(n, MetricUnits.SECONDS)));
  }

  /** Registers (once) a gauge that reads {@code value} at every scrape; it must be cheap. */
  public void gauge(String name, Supplier<? extends Number> value, Tag... tags) {
    MetricID id = new MetricID(name, tags);
    if (!registry.getGauges().containsKey(id)) {
      registry.gauge(metadata(name, MetricUnits.NONE), value::get, tags);
    }
  }

  private static Metadata metadata(String name, String unit) {
    return Metadata.builder()
        .withName(name)
        .withUnit(unit)
        .withDescription(DESCRIPTIONS.getOrDefault(name, ""))
        .build();
  }

  /** The HELP line of each metric. */
  private static final Map<String, String> DESCRIPTIONS =
      Map.ofEntries(
          Map.entry(RECEIVED, "New MessageNumbers accepted (delivered or held behind a gap)"),
          Map.entry(DELIVERED, "Messages delivered to the service, in order, once"),
          Map.entry(HELD_BEHIND_GAP, "Accepted messages that arrived ahead of a gap"),
          Map.entry(RETRANSMISSIONS, "Retransmissions answered from the store, not delivered again"),
          Map.entry(REFUSED, "Messages turned away before the engine or beyond the transfer window"),
          Map.entry(FAULTED, "SOAP faults sent, by subcode"),
          Map.entry(OUTBOUND_TRANSMISSIONS, "Outbound transmissions (callback POSTs, poll answers)"),
          Map.entry(OUTBOUND_GIVE_UPS, "Sessions ended after MaxRetryCount unacknowledged transmissions"),
          Map.entry(OUTBOUND_POST_FAILURES, "Callback POSTs that failed"),
          Map.entry(PROCESSING, "Processing time of one POST to Service.svc"),
          Map.entry(STORE_TRANSACTION, "Time of one message's store transaction, commit included"),
          Map.entry("tandem.sequences", "Sessions stored, by endpoint and inbound Sequence state"),
          Map.entry("tandem.messages.held", "Inbound messages held behind a gap now"),
          Map.entry("tandem.outbound.queue.depth", "Outbound messages stored now"),
          Map.entry("tandem.makeconnection.pending", "Outbound messages waiting for a MakeConnection poll"),
          Map.entry("tandem.makeconnection.parked", "MakeConnection polls parked on this node"),
          Map.entry("tandem.store.up", "1 when the last count of the store succeeded"));
}
