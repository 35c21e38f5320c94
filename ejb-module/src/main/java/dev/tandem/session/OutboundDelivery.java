package dev.tandem.session;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.engine.RmEngine;
import dev.tandem.engine.outbound.OutboundQueue;
import dev.tandem.metrics.CommittedEvents;
import dev.tandem.metrics.TandemMetrics;
import dev.tandem.store.ExecutionLedger;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The transactional steps of the dual-HTTP drain of the {@link OutboundQueue}, each in a transaction
 * of its own so that no HTTP call ever runs inside one. The queue's rules (back-off, retry budget,
 * give-up, hold, flow control) are the engine's; this bean only gives them a transaction and encodes
 * what they release.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class OutboundDelivery {
  @Inject OutboundStore outbound;
  @Inject RmStore store;
  @Inject TandemSettings settings;
  @Inject MetroApplicationInvoker application;
  @Inject TandemMetrics metrics;

  @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
  TransactionSynchronizationRegistry transactions;

  private final EnvelopeWriter writer = new EnvelopeWriter();

  /**
   * What one {@link #claimDue} found.
   *
   * @param ready the messages to send now, encoded
   * @param examined how many due messages it looked at (≤ the limit); at the limit, more may be due
   * @param busy how many it left because another transaction held their session (still due)
   */
  public record Claim(List<OutboundDispatch> ready, int examined, int busy) {}

  /**
   * Claims the messages due now for addressable clients (looks at most at {@code limit}),
   * retransmitting after {@code tandem.rm.retry-interval}: see {@link OutboundQueue#claimDue}.
   */
  public Claim claimDue(int limit) {
    return claimDue(limit, settings.rm().retryIntervalMillis());
  }

  /**
   * As {@link #claimDue(int)}, retransmitting after {@code initialIntervalMillis} (ms, doubled per
   * attempt) — the sender passes twice the measured round trip once it has one.
   */
  public Claim claimDue(int limit, long initialIntervalMillis) {
    OutboundQueue.Claim claim = queue().claimDue(limit, initialIntervalMillis);
    List<OutboundDispatch> ready =
        claim.ready().stream()
            .map(
                t ->
                    new OutboundDispatch(
                        t.message().id(),
                        t.message().sessionId(),
                        t.message().to(),
                        writer.write(t.envelope()),
                        t.message().awaitsAnswer()))
            .toList();
    return new Claim(ready, claim.examined(), claim.busy());
  }

  /** A message outside a Sequence reached the client: it is done. */
  public void delivered(String sessionId, long id) {
    queue().delivered(sessionId, id);
  }

  private OutboundQueue queue() {
    return new RmEngine(
            store,
            outbound,
            application,
            settings.rm(),
            Clock.systemUTC(),
            m -> {},
            ExecutionLedger.NONE,
            new CommittedEvents(transactions, metrics))
        .queue();
  }
}
