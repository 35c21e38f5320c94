package dev.tandem.metrics;

import dev.tandem.rm.model.SequenceState;
import dev.tandem.store.OperationsStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The gauges read from the store: Sequences by endpoint and state, messages held behind a gap,
 * outbound queue depth, messages pending for MakeConnection polls, and whether the store answered.
 * The store is counted every {@value #REFRESH_SECONDS} s on a managed thread (three aggregate
 * queries), not at every scrape: a scrape reads the last count, so gauges lag by up to that much,
 * and a scraper polling every second costs the database nothing extra. With several nodes, every
 * node reports the same store-wide figures.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class StoreGauges {
  private static final Logger LOG = Logger.getLogger(StoreGauges.class.getName());
  static final int REFRESH_SECONDS = 5;

  /** Sessions by {@code endpoint} and {@code state} (ACTIVE, CLOSED, TERMINATED not yet purged). */
  public static final String SEQUENCES = "tandem.sequences";
  /** Inbound messages held behind a gap, store-wide. */
  public static final String HELD = "tandem.messages.held";
  /** Outbound messages stored (callbacks, replies awaiting acknowledgement), store-wide. */
  public static final String QUEUE_DEPTH = "tandem.outbound.queue.depth";
  /** Outbound messages waiting for a MakeConnection poll, store-wide. */
  public static final String MC_PENDING = "tandem.makeconnection.pending";
  /** 1 when the last count of the store succeeded, 0 when it failed. */
  public static final String STORE_UP = "tandem.store.up";

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject OperationsStore store;
  @Inject TandemMetrics metrics;

  private volatile OperationsStore.Census last =
      new OperationsStore.Census(Map.of(), 0, 0, 0);
  private volatile int up;
  /** Endpoints whose gauges exist. */
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private ScheduledFuture<?> refresh;

  @PostConstruct
  void start() {
    metrics.gauge(HELD, () -> last.held());
    metrics.gauge(QUEUE_DEPTH, () -> last.queued());
    metrics.gauge(MC_PENDING, () -> last.pendingMakeConnection());
    metrics.gauge(STORE_UP, () -> up);
    refresh = scheduler.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (refresh != null) {
      refresh.cancel(false);
    }
  }

  /** Counts the store now (also for tests that cannot wait for the next round). */
  public void refresh() {
    try {
      OperationsStore.Census c = store.census();
      last = c;
      up = 1;
      c.sessions().keySet().forEach(this::registerEndpoint);
    } catch (RuntimeException e) {
      up = 0;
      LOG.log(Level.FINE, "TANDEM-STORE-0005 counting the store for the metrics failed", e);
    }
  }

  private void registerEndpoint(String endpoint) {
    if (!registered.add(endpoint == null ? "" : endpoint)) {
      return;
    }
    for (SequenceState state : SequenceState.values()) {
      metrics.gauge(
          SEQUENCES,
          () -> last.sessions().getOrDefault(endpoint, Map.of()).getOrDefault(state, 0L),
          new Tag("endpoint", endpoint == null ? "none" : endpoint),
          new Tag("state", state.name().toLowerCase()));
    }
  }
}
