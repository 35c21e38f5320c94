package dev.tandem.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OfferedIdLocksTest {

  /** One JTA transaction per thread, completed by {@link #complete()}. */
  static final class ThreadTransactions implements TransactionSynchronizationRegistry {
    private final ThreadLocal<Map<Object, Object>> resources = ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocal<List<Synchronization>> syncs = ThreadLocal.withInitial(ArrayList::new);

    void complete() {
      syncs.get().forEach(s -> s.afterCompletion(Status.STATUS_COMMITTED));
      syncs.remove();
      resources.remove();
    }

    @Override public Object getTransactionKey() { return Thread.currentThread(); }
    @Override public void putResource(Object key, Object value) { resources.get().put(key, value); }
    @Override public Object getResource(Object key) { return resources.get().get(key); }
    @Override public void registerInterposedSynchronization(Synchronization sync) { syncs.get().add(sync); }
    @Override public int getTransactionStatus() { return Status.STATUS_ACTIVE; }
    @Override public void setRollbackOnly() {}
    @Override public boolean getRollbackOnly() { return false; }
  }

  private final ThreadTransactions tx = new ThreadTransactions();
  private final OfferedIdLocks locks = new OfferedIdLocks();

  {
    locks.transactions = tx;
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aSecondTransactionWaitsUntilTheFirstCompletes() throws Exception {
    String offer = "urn:uuid:9f1c2d3e-0000-4000-8000-000000000001";
    assertThat(locks.holdUntilCompletion(offer)).isTrue();
    assertThat(locks.holdUntilCompletion(offer)).as("again in the same transaction").isTrue();

    AtomicReference<Thread> waiter = new AtomicReference<>();
    CompletableFuture<Boolean> second =
        CompletableFuture.supplyAsync(
            () -> {
              waiter.set(Thread.currentThread());
              boolean held = locks.holdUntilCompletion(offer);
              tx.complete();
              return held;
            });
    // The second transaction's thread parks on the stripe's lock (it does not fail or pass).
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                waiter.get() != null
                    && EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING)
                        .contains(waiter.get().getState()));
    assertThat(second).as("waiting for the first transaction").isNotDone();

    tx.complete();
    assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(locks.available(offer)).as("released by both").isEqualTo(1);
  }

  @Test
  void otherStripesAreNotHeld() {
    String a = "a";
    String b = "b"; // "a" and "b" hash to neighbouring stripes
    assertThat(locks.holdUntilCompletion(a)).isTrue();
    assertThat(locks.available(a)).isZero();
    assertThat(locks.available(b)).isEqualTo(1);
    tx.complete();
    assertThat(locks.available(a)).isEqualTo(1);
  }
}
