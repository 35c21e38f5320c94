package dev.tandem.session;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.engine.RmEngine;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Transactional steps of the InactivityTimeout and Expires sweep (one Sequence per transaction) and
 * of the retention purge (one batch per transaction).
 */
@Stateless
public class SequenceExpiry {
  static final int BATCH = 500;

  @Inject RmStore store;
  @Inject OutboundStore outbound;
  @Inject MetroApplicationInvoker application;
  @Inject TandemSettings settings;

  /**
   * Sequences idle since before {@code cutoff}, then those whose granted Expires ran out by {@code
   * now} (WS-RM 1.1 §3.4); at most 500 of each per sweep, each named once.
   */
  public List<String> candidates(Instant cutoff, Instant now) {
    Set<String> ids = new LinkedHashSet<>(store.findInactive(cutoff, BATCH));
    ids.addAll(store.findExpired(now, BATCH));
    return List.copyOf(ids);
  }

  /** Terminates one Sequence if it is still idle or expired; true when it was. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean expire(String id) {
    return new RmEngine(store, outbound, application, settings.rm(), Clock.systemUTC())
        .lifecycle()
        .expire(id);
  }

  /**
   * Deletes up to 500 Sequences terminated before {@code cutoff} (retention policy).
   *
   * @return how many were deleted
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int purge(Instant cutoff) {
    return store.purgeTerminated(cutoff, BATCH);
  }
}
