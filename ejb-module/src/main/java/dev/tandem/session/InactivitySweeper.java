package dev.tandem.session;

import dev.tandem.cluster.ClusterChannel;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Every 10 s: terminates Sequences idle past the InactivityTimeout (WCF default 10 min; WS-RM policy
 * InactivityTimeout) or past their granted Expires (WS-RM 1.1 §3.4), each in its own transaction, then deletes Sequences terminated longer ago than
 * the retention time ({@code tandem.rm.retention}), in batches. With clustering on, only on the node
 * that holds the sweep lease ({@link ClusterChannel}).
 */
@Singleton
public class InactivitySweeper {
  private static final Logger LOG = Logger.getLogger(InactivitySweeper.class.getName());

  @Inject TandemSettings settings;
  @Inject SequenceExpiry expiry;
  @Inject ClusterChannel cluster;

  @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void sweep() {
    // Several nodes: one sweeps at a time, the holder of the lease (it passes on when the holder dies).
    if (cluster.sweepLeaseHeld()) {
      sweepNow();
    }
  }

  /**
   * Terminates every Sequence idle past the timeout or past its Expires now.
   *
   * @return how many were terminated
   */
  public int sweepNow() {
    Instant now = Instant.now();
    Instant cutoff = now.minusMillis(settings.rm().inactivityTimeoutMillis());
    int count = 0;
    List<String> ids = expiry.candidates(cutoff, now);
    for (String id : ids) {
      if (expiry.expire(id)) {
        count++;
      }
    }
    Instant purgeBefore = Instant.now().minusMillis(settings.retentionMillis());
    int purged;
    do {
      purged = expiry.purge(purgeBefore);
      if (purged > 0) {
        LOG.info("TANDEM-RM-0007 " + purged + " terminated Sequences purged (tandem.rm.retention)");
      }
    } while (purged == SequenceExpiry.BATCH); // a full batch: there may be more
    return count;
  }
}
