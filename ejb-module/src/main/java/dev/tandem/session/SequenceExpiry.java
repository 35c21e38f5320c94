package dev.tandem.session;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.engine.RmDestination;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Transactional steps of the InactivityTimeout sweep (one Sequence per transaction) and of the
 * retention purge (one batch per transaction).
 */
@Stateless
public class SequenceExpiry {
  static final int BATCH = 500;

  @Inject RmStore store;
  @Inject OutboundStore outbound;
  @Inject MetroApplicationInvoker application;
  @Inject TandemSettings settings;

  /** Sequences idle since before {@code cutoff} (at most 500 per sweep). */
  public List<String> candidates(Instant cutoff) {
    return store.findInactive(cutoff, BATCH);
  }

  /** Terminates one Sequence if it is still idle; true when it was. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean expire(String id) {
    return new RmDestination(store, outbound, application, settings.rm(), Clock.systemUTC()).expire(id);
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
