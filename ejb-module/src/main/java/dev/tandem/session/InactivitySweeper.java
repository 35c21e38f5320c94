package dev.tandem.session;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * Terminates Sequences idle past the InactivityTimeout (WCF default 10 min; WS-RM policy
 * InactivityTimeout), checking every 30 s. Each Sequence is expired in its own transaction.
 */
@Singleton
public class InactivitySweeper {
  @Inject TandemSettings settings;
  @Inject SequenceExpiry expiry;

  @Schedule(second = "*/30", minute = "*", hour = "*", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void sweep() {
    sweepNow();
  }

  /**
   * Expires every Sequence idle past the timeout now.
   *
   * @return how many were terminated
   */
  public int sweepNow() {
    Instant cutoff = Instant.now().minusMillis(settings.rm().inactivityTimeoutMillis());
    int count = 0;
    List<String> ids = expiry.candidates(cutoff);
    for (String id : ids) {
      if (expiry.expire(id)) {
        count++;
      }
    }
    return count;
  }
}
