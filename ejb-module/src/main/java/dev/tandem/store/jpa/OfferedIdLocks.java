package dev.tandem.store.jpa;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Serialises, within this server, transactions that look up an offered Identifier nobody has yet
 * (WS-RM 1.1 §3.4, CreateSequence with Offer): the second waits until the first has committed its
 * Sequence and then finds it, instead of inserting a second row that the unique index refuses at
 * commit. Two copies of one CreateSequence in flight at once (a retransmission overtaking its
 * original, a network that duplicates) are common; without this each such race cost a rolled-back
 * transaction, a run again, and Hibernate and JTA log lines with a stack trace.
 *
 * <p>A row lock cannot do it: there is no row yet. Identifiers are mapped onto {@value #STRIPES}
 * striped permits (not owner-bound, since a transaction may end on another thread), held from the
 * lookup until the transaction completes. Waiting is bounded by {@value #WAIT_MILLIS} ms; after that
 * the caller goes on unserialised, and the unique index with the servlet's single retry
 * ({@code ServiceEndpointServlet}) still decides.
 *
 * <p>Used on databases other than PostgreSQL (embedded H2, one server only). On PostgreSQL the store
 * takes a transaction-level advisory lock instead ({@code JpaRmStore}), which also serialises the
 * nodes sharing the database.
 */
@ApplicationScoped
public class OfferedIdLocks {
  private static final Logger LOG = Logger.getLogger(OfferedIdLocks.class.getName());
  static final int STRIPES = 64;
  static final long WAIT_MILLIS = 10_000;
  /** Key of the transaction's set of held stripes in the synchronization registry. */
  private static final Object HELD = OfferedIdLocks.class.getName() + ".held";

  private final Semaphore[] stripes = new Semaphore[STRIPES];

  @Inject
  TransactionSynchronizationRegistry transactions;

  /** For CDI (the registry is injected) and for tests, which set {@link #transactions}. */
  public OfferedIdLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Semaphore(1);
    }
  }

  /**
   * Holds {@code offeredId}'s stripe until the current JTA transaction completes (commit or
   * rollback); returns at once if this transaction already holds it.
   *
   * @return true when held, false when it waited {@value #WAIT_MILLIS} ms in vain or was interrupted
   *     (the caller proceeds unserialised)
   * @throws IllegalStateException when no transaction is active
   */
  public boolean holdUntilCompletion(String offeredId) {
    int stripe = Math.floorMod(offeredId.hashCode(), STRIPES);
    @SuppressWarnings("unchecked")
    Set<Integer> held = (Set<Integer>) transactions.getResource(HELD);
    if (held == null) {
      held = new HashSet<>();
      transactions.putResource(HELD, held);
      Set<Integer> release = held;
      transactions.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              release.forEach(s -> stripes[s].release());
              release.clear();
            }
          });
    }
    if (held.contains(stripe)) {
      return true;
    }
    try {
      if (!stripes[stripe].tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        LOG.info("TANDEM-STORE-0006 waited " + WAIT_MILLIS + " ms for offered Identifier "
            + offeredId + "; going on without the lock");
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    held.add(stripe);
    return true;
  }

  /** For tests: permits free on {@code offeredId}'s stripe (1 when nobody holds it). */
  int available(String offeredId) {
    return stripes[Math.floorMod(offeredId.hashCode(), STRIPES)].availablePermits();
  }
}
