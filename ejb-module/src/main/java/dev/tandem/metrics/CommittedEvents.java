package dev.tandem.metrics;

import dev.tandem.engine.RmEvents;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link RmEvents} that count into {@link TandemMetrics} only when the current JTA transaction
 * commits: a message whose transaction rolls back (it got a fault, or the commit failed) was not
 * accepted and is not counted. The counts of one transaction are kept in a small tally registered
 * with the transaction on its first event; a transaction without events costs nothing.
 */
public final class CommittedEvents implements RmEvents {
  private static final Object KEY = CommittedEvents.class.getName();

  private final TransactionSynchronizationRegistry transactions;
  private final TandemMetrics metrics;

  /**
   * @param transactions the container's registry (must be called within a transaction)
   * @param metrics where committed counts go
   */
  public CommittedEvents(TransactionSynchronizationRegistry transactions, TandemMetrics metrics) {
    this.transactions = transactions;
    this.metrics = metrics;
  }

  @Override
  public void received(String endpoint) {
    tally().add(TandemMetrics.RECEIVED, "endpoint", endpoint);
  }

  @Override
  public void heldBehindGap(String endpoint) {
    tally().add(TandemMetrics.HELD_BEHIND_GAP, "endpoint", endpoint);
  }

  @Override
  public void delivered(String endpoint) {
    tally().add(TandemMetrics.DELIVERED, "endpoint", endpoint);
  }

  @Override
  public void retransmissionAnswered(String endpoint) {
    tally().add(TandemMetrics.RETRANSMISSIONS, "endpoint", endpoint);
  }

  @Override
  public void refusedBeyondWindow(String endpoint) {
    tally().add(TandemMetrics.REFUSED, "reason", "beyond-transfer-window");
  }

  @Override
  public void transmitted(boolean retransmission) {
    tally()
        .add(TandemMetrics.OUTBOUND_TRANSMISSIONS, "kind", retransmission ? "retransmission" : "first");
  }

  @Override
  public void gaveUp() {
    tally().add(TandemMetrics.OUTBOUND_GIVE_UPS, null, null);
  }

  private Tally tally() {
    Tally t = (Tally) transactions.getResource(KEY);
    if (t == null) {
      t = new Tally(metrics);
      transactions.putResource(KEY, t);
      transactions.registerInterposedSynchronization(t);
    }
    return t;
  }

  /** One transaction's counts: (metric, tag, value) → how many. */
  private static final class Tally implements Synchronization {
    private record Key(String name, String tag, String value) {}

    private final TandemMetrics metrics;
    private final Map<Key, Integer> counts = new HashMap<>(4);

    Tally(TandemMetrics metrics) {
      this.metrics = metrics;
    }

    void add(String name, String tag, String value) {
      counts.merge(new Key(name, tag, value), 1, Integer::sum);
    }

    @Override
    public void beforeCompletion() {}

    @Override
    public void afterCompletion(int status) {
      if (status != Status.STATUS_COMMITTED) {
        return;
      }
      counts.forEach(
          (k, n) ->
              (k.tag() == null ? metrics.counter(k.name()) : metrics.counter(k.name(), k.tag(), k.value()))
                  .inc(n));
    }
  }
}
