package dev.tandem.store.jpa;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.store.OutboundStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.hibernate.Session;
import org.hibernate.engine.spi.EntityKey;

/**
 * {@link OutboundStore} on JPA (Hibernate 6, persistence unit {@code tandem}, table {@code
 * rm_outbound} created by Flyway's {@code V2__outbound_and_session_state.sql}).
 *
 * <p>In the application server it is an application-scoped CDI bean whose container-managed {@link
 * EntityManager} joins the caller's JTA transaction; every method requires one ({@link
 * Transactional.TxType#MANDATORY}). Tests and tools build it with {@link
 * #JpaOutboundStore(EntityManager)} around an entity manager whose transaction they drive
 * themselves.
 *
 * <p>Costs: {@link #enqueue} is one INSERT (the identity column assigns the id, so it is executed
 * at once, not at the flush); {@link #update} and {@link #delete} are primary-key accesses; {@link
 * #findDue} and {@link #findByAddress} are index range scans bounded by {@code limit}; {@link
 * #acknowledge} is one bulk DELETE per AcknowledgementRange on the (Sequence, MessageNumber) index,
 * so it never loads the Sequence's history; {@link #deleteSession} and {@link #countSession} use
 * the session index.
 *
 * <p>Shapes and errors: session Identifier up to 200 characters, Sequence Identifier 1024, address,
 * Action and RelatesTo 2048; the session, address, Action, body and kind are required. A longer or
 * missing value fails with a {@link jakarta.persistence.PersistenceException} at {@link #enqueue}.
 * Bodies are stored byte for byte; arrays are shared with the caller, not copied, so do not modify
 * them.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaOutboundStore implements OutboundStore {

  /** LIKE escape character for {@link #findDue}'s address prefix. */
  private static final char ESCAPE = '!';

  @Inject // dev.tandem.platform.ContainerResources#storeEntityManager
  private EntityManager em;

  /** For CDI; the container injects the entity manager. */
  protected JpaOutboundStore() {}

  /**
   * A store on {@code entityManager}, for use outside a container (tests, tools). The caller owns
   * the entity manager and its transaction.
   */
  public JpaOutboundStore(EntityManager entityManager) {
    this.em = Objects.requireNonNull(entityManager, "entityManager");
  }

  @Override
  public long enqueue(OutboundMessage message) {
    RmOutboundEntity row = RmOutboundEntity.of(message);
    em.persist(row);
    return row.id();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The cutoff is inclusive; a message without a next attempt time is never due.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  @Override
  public List<OutboundMessage> findDue(Instant now, int limit, String excludeAddressPrefix) {
    checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    String jpql = "select m from RmOutbound m where m.nextAttemptAt <= :now";
    if (excludeAddressPrefix != null) {
      jpql += " and m.toAddress not like :prefix escape '" + ESCAPE + "'";
    }
    TypedQuery<RmOutboundEntity> query =
        em.createQuery(jpql + " order by m.id", RmOutboundEntity.class).setParameter("now", now);
    if (excludeAddressPrefix != null) {
      query.setParameter("prefix", likePrefix(excludeAddressPrefix));
    }
    return detached(query.setMaxResults(limit).getResultList());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the database unless this transaction holds the row (enqueued or updated it): the
   * finders detach what they read, so a copy read before a lock is never taken for the row's state.
   */
  @Override
  public Optional<OutboundMessage> find(long id) {
    return Optional.ofNullable(em.find(RmOutboundEntity.class, id)).map(RmOutboundEntity::toDomain);
  }

  /**
   * The rows as messages, no longer managed: a later {@link #find} or {@link #update} reads the row
   * again rather than trusting this unlocked copy, which a concurrent acknowledgement may have
   * deleted (updating it would fail the flush with an optimistic lock exception).
   */
  private List<OutboundMessage> detached(List<RmOutboundEntity> rows) {
    List<OutboundMessage> messages = rows.stream().map(RmOutboundEntity::toDomain).toList();
    rows.forEach(em::detach);
    return messages;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A message no longer stored (acknowledged or deleted by this transaction, or by one that
   * committed before) is left alone: the update is then moot, not an error. The row is read here,
   * not taken from an earlier find; a message removed by a transaction that commits between this
   * read and the flush still fails the flush with an {@link
   * jakarta.persistence.OptimisticLockException} (callers lock the session first, so none can).
   */
  @Override
  public void update(OutboundMessage message) {
    RmOutboundEntity row = em.find(RmOutboundEntity.class, message.id());
    if (row != null) {
      row.copyAttemptsFrom(message);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads and writes the held rows of the session (session index); callers hold the session's
   * lock, so no other sender changes them meanwhile.
   */
  @Override
  public List<OutboundMessage> releaseHeld(String sessionId, Instant now) {
    if (sessionId == null) {
      return List.of();
    }
    List<RmOutboundEntity> rows =
        em.createQuery(
                "select m from RmOutbound m where m.sessionId = :sessionId and m.held = true"
                    + " order by m.id",
                RmOutboundEntity.class)
            .setParameter("sessionId", sessionId)
            .getResultList();
    List<OutboundMessage> released = new ArrayList<>(rows.size());
    for (RmOutboundEntity row : rows) {
      OutboundMessage m = row.toDomain().released(now);
      row.copyAttemptsFrom(m);
      released.add(m);
    }
    return released;
  }

  /**
   * {@inheritDoc} An id not stored is ignored, also when another transaction deletes it meanwhile:
   * two sends of one unsequenced message (a retransmission overtaking a slow first POST, on this
   * node or another) both report it delivered. A bulk DELETE after a flush of this transaction's
   * changes, so the second finds nothing instead of failing the flush with a stale-state exception.
   */
  @Override
  public void delete(long id) {
    em.flush();
    em.createQuery("delete from RmOutbound m where m.id = :id").setParameter("id", id).executeUpdate();
    forgetManaged(row -> row.id() == id);
  }

  @Override
  public int acknowledge(String sequenceId, AcknowledgementRanges acknowledged) {
    if (sequenceId == null || acknowledged.isEmpty()) {
      return 0;
    }
    em.flush();
    int removed = 0;
    for (AcknowledgementRange range : acknowledged.ranges()) {
      removed +=
          em.createQuery(
                  "delete from RmOutbound m where m.sequenceId = :sequenceId"
                      + " and m.messageNumber between :lower and :upper")
              .setParameter("sequenceId", sequenceId)
              .setParameter("lower", range.lower())
              .setParameter("upper", range.upper())
              .executeUpdate();
    }
    forgetManaged(
        row -> sequenceId.equals(row.sequenceId()) && acknowledged.contains(row.messageNumber()));
    return removed;
  }

  @Override
  public int deleteSession(String sessionId) {
    if (sessionId == null) {
      return 0;
    }
    em.flush();
    int removed =
        em.createQuery("delete from RmOutbound m where m.sessionId = :sessionId")
            .setParameter("sessionId", sessionId)
            .executeUpdate();
    forgetManaged(row -> sessionId.equals(row.sessionId()));
    return removed;
  }

  @Override
  public long countSession(String sessionId) {
    if (sessionId == null) {
      return 0;
    }
    return em.createQuery(
            "select count(m) from RmOutbound m where m.sessionId = :sessionId", Long.class)
        .setParameter("sessionId", sessionId)
        .getSingleResult();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Whether or not they are due: a poll may carry a message before its retransmission time.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  @Override
  public List<OutboundMessage> findByAddress(String to, int limit) {
    checkLimit(limit);
    if (to == null || limit == 0) {
      return List.of();
    }
    return detached(
        em.createQuery(
                "select m from RmOutbound m where m.toAddress = :to order by m.id",
                RmOutboundEntity.class)
            .setParameter("to", to)
            .setMaxResults(limit)
            .getResultList());
  }

  private static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("negative limit " + limit);
    }
  }

  /**
   * A LIKE pattern matching what starts with {@code prefix}: its own wildcards ({@code %}, {@code
   * _}) and the escape character are escaped, so they match only themselves.
   */
  static String likePrefix(String prefix) {
    StringBuilder pattern = new StringBuilder(prefix.length() + 8);
    for (char c : prefix.toCharArray()) {
      if (c == '%' || c == '_' || c == ESCAPE) {
        pattern.append(ESCAPE);
      }
      pattern.append(c);
    }
    return pattern.append('%').toString();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Two bulk statements on the session index (a DELETE and an UPDATE); the session's rows loaded
   * in this transaction are detached, so later reads see the new state.
   */
  @Override
  public int replySequenceCreated(String sessionId, String sequenceId) {
    if (sessionId == null || sequenceId == null) {
      return 0;
    }
    em.flush();
    em.createQuery("delete from RmOutbound m where m.sessionId = :sessionId and m.kind = :kind")
        .setParameter("sessionId", sessionId)
        .setParameter("kind", OutboundMessage.Kind.CREATE_SEQUENCE)
        .executeUpdate();
    int moved =
        em.createQuery(
                "update RmOutbound m set m.sequenceId = :sequenceId"
                    + " where m.sessionId = :sessionId and m.sequenceId is null"
                    + " and m.kind in (:kinds)")
            .setParameter("sequenceId", sequenceId)
            .setParameter("sessionId", sessionId)
            .setParameter(
                "kinds",
                List.of(OutboundMessage.Kind.APPLICATION, OutboundMessage.Kind.SEQUENCE_PROTOCOL))
            .executeUpdate();
    forgetManaged(row -> sessionId.equals(row.sessionId()));
    return moved;
  }

  /**
   * A bulk DELETE bypasses the persistence context: detach the rows it removed that this
   * transaction had loaded, so a later update or find in the same transaction sees them as gone.
   */
  private void forgetManaged(Predicate<RmOutboundEntity> removed) {
    Session session = em.unwrap(Session.class);
    List<Long> ids = new ArrayList<>();
    for (Object key : session.getStatistics().getEntityKeys()) {
      if (key instanceof EntityKey entityKey
          && entityKey.getPersister().getMappedClass() == RmOutboundEntity.class
          && entityKey.getIdentifier() instanceof Long id) {
        ids.add(id);
      }
    }
    for (Long id : ids) {
      // Managed, so found in the persistence context without a SELECT.
      RmOutboundEntity row = em.find(RmOutboundEntity.class, id);
      if (row != null && removed.test(row)) {
        em.detach(row);
      }
    }
  }
}
