package dev.tandem.cluster;

import dev.tandem.codec.MakeConnectionReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import java.time.Instant;
import java.util.UUID;

/**
 * Announces committed outbound messages to the other nodes: a PostgreSQL {@code NOTIFY} issued in
 * the transaction that queues the message, which PostgreSQL delivers to the listeners only if and
 * when that transaction commits (PostgreSQL manual, NOTIFY), so a poll on another node is never woken
 * for a message that was rolled back, and never before it can see it.
 *
 * <p>Only messages for a MakeConnection anonymous address are announced: a dual-HTTP callback is
 * sent by the node that committed it (or, should it die, by any node's sender sweep), but a poll
 * waits on the node its HTTP request reached.
 */
@ApplicationScoped
public class ClusterNotices {
  /** This node's id in notices, new at every start. */
  static final String NODE = UUID.randomUUID().toString();

  @Inject ClusterSettings settings;
  @Inject EntityManager em; // dev.tandem.platform.ContainerResources#storeEntityManager

  /**
   * Tells the other nodes, once the current transaction commits, that a message for {@code address}
   * falls due at {@code dueAt}. Does nothing when clustering is off or the address is not an MC
   * anonymous URI (WS-MC 1.1 §3.1). One {@code SELECT pg_notify(…)} on the transaction's connection;
   * it does not flush the persistence context.
   *
   * @throws jakarta.persistence.PersistenceException when the statement fails (the transaction is
   *     then rolled back, as for any store failure)
   */
  public void announce(String address, Instant dueAt) {
    if (!settings.enabled() || !MakeConnectionReader.isAnonymous(address) || dueAt == null) {
      return;
    }
    em.createNativeQuery("select pg_notify(?1, ?2)")
        .setParameter(1, ClusterNotice.CHANNEL)
        .setParameter(2, new ClusterNotice(NODE, dueAt, address).payload())
        .setFlushMode(FlushModeType.COMMIT)
        .getSingleResult();
  }
}
