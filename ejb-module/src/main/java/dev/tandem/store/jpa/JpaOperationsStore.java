package dev.tandem.store.jpa;

import dev.tandem.codec.MakeConnectionReader;
import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.MessageStatus;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.store.OperationsStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link OperationsStore} on JPA, over the tables of {@link JpaRmStore} and {@link
 * JpaOutboundStore}. Costs: {@link #sessions} is one query bounded by its limit plus one grouped
 * count of their outbound messages (session index); {@link #census} is three queries over {@code
 * rm_sequence} and {@code rm_outbound} (sequence scans on PostgreSQL, never over {@code rm_message}:
 * run them seconds apart, as the metrics do).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class JpaOperationsStore implements OperationsStore {

  @Inject // dev.tandem.platform.ContainerResources#storeEntityManager
  private EntityManager em;

  protected JpaOperationsStore() {}

  /** For tests and tools: the caller drives {@code entityManager}'s transaction. */
  public JpaOperationsStore(EntityManager entityManager) {
    this.em = Objects.requireNonNull(entityManager, "entityManager");
  }

  @Override
  public List<SessionRow> sessions(Filter filter, int offset, int limit) {
    TypedQuery<RmSequenceEntity> q =
        filtered("select s from RmSequence s", filter, " order by s.lastActivity desc, s.id",
            RmSequenceEntity.class);
    List<RmSequenceEntity> rows = q.setFirstResult(offset).setMaxResults(limit).getResultList();
    Map<String, Long> queued = queuedBySession(rows.stream().map(RmSequenceEntity::id).toList());
    List<SessionRow> result = new ArrayList<>(rows.size());
    for (RmSequenceEntity e : rows) {
      var s = e.toDomain();
      result.add(new SessionRow(s, s.inbound().created(), queued.getOrDefault(e.id(), 0L)));
      em.detach(e);
    }
    return result;
  }

  @Override
  public long count(Filter filter) {
    return filtered("select count(s) from RmSequence s", filter, "", Long.class).getSingleResult();
  }

  @Override
  public Optional<SessionRow> session(String sequenceId) {
    List<RmSequenceEntity> rows =
        em.createQuery(
                "select s from RmSequence s where s.id = :id or s.offeredId = :id",
                RmSequenceEntity.class)
            .setParameter("id", sequenceId)
            .setMaxResults(1)
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(
            e -> {
              var s = e.toDomain();
              em.detach(e);
              return new SessionRow(
                  s, s.inbound().created(), queuedBySession(List.of(s.id())).getOrDefault(s.id(), 0L));
            });
  }

  @Override
  public List<MessageRow> messages(String sessionId, long fromNumber, int limit) {
    List<Object[]> rows =
        em.createQuery(
                "select m.messageNumber, m.status, m.replyNumber, m.replyAction"
                    + " from RmMessage m where m.sequenceId = :id and m.messageNumber >= :from"
                    + " order by m.messageNumber",
                Object[].class)
            .setParameter("id", sessionId)
            .setParameter("from", fromNumber)
            .setMaxResults(limit)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new MessageRow((Long) r[0], (MessageStatus) r[1], (Long) r[2], (String) r[3]))
        .toList();
  }

  @Override
  public List<OutboundRow> outbound(String sessionId, int limit) {
    return em.createQuery(
            "select m from RmOutbound m where m.sessionId = :id order by m.id", RmOutboundEntity.class)
        .setParameter("id", sessionId)
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(RmOutboundEntity::toDomain)
        .map(
            m ->
                new OutboundRow(
                    m.id(),
                    m.messageNumber(),
                    m.kind().name(),
                    m.action(),
                    m.to(),
                    m.attempts(),
                    m.nextAttemptAt(),
                    m.held()))
        .toList();
  }

  @Override
  public int retryNow(String sessionId, Instant now) {
    return em.createQuery(
            "update RmOutbound m set m.nextAttemptAt = :now where m.sessionId = :id"
                + " and m.held = false")
        .setParameter("now", now)
        .setParameter("id", sessionId)
        .executeUpdate();
  }

  @Override
  public boolean purge(String sessionId) {
    RmSequenceEntity e = em.find(RmSequenceEntity.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
    if (e == null || e.toDomain().inbound().state() != SequenceState.TERMINATED) {
      return false;
    }
    em.createQuery("delete from RmMessage m where m.sequenceId = :id")
        .setParameter("id", sessionId)
        .executeUpdate();
    em.createQuery("delete from RmOutbound m where m.sessionId = :id")
        .setParameter("id", sessionId)
        .executeUpdate();
    em.remove(e);
    return true;
  }

  @Override
  public Census census() {
    // A row may have no endpoint (rm_sequence.endpoint is nullable): sorted first, not rejected.
    Map<String, Map<SequenceState, Long>> sessions =
        new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    for (Object[] r :
        em.createQuery(
                "select s.endpoint, s.state, count(s) from RmSequence s group by s.endpoint, s.state",
                Object[].class)
            .getResultList()) {
      sessions
          .computeIfAbsent((String) r[0], k -> new EnumMap<>(SequenceState.class))
          .put((SequenceState) r[1], (Long) r[2]);
    }
    long held = 0;
    // Held messages are the received numbers above delivered_up_to; only a session with a gap has
    // ranges other than "" or "1-<delivered_up_to>". Reading those few rows of rm_sequence instead
    // of counting rm_message by status keeps the census off the (much larger) message table:
    // PostgreSQL took about 180 ms to count 1,000,000 message rows.
    for (Object[] r :
        em.createQuery(
                "select s.receivedRanges, s.deliveredUpTo from RmSequence s where s.state <> :terminated"
                    + " and s.receivedRanges <> ''"
                    + " and s.receivedRanges <> concat('1-', cast(s.deliveredUpTo as String))",
                Object[].class)
            .setParameter("terminated", SequenceState.TERMINATED)
            .getResultList()) {
      held += AcknowledgementRanges.decode((String) r[0]).count() - (Long) r[1];
    }
    Object[] outbound =
        em.createQuery(
                "select count(m), coalesce(sum(case when m.toAddress like :mc escape '!' then 1 else 0 end), 0)"
                    + " from RmOutbound m",
                Object[].class)
            .setParameter("mc", JpaOutboundStore.likePrefix(MakeConnectionReader.ANONYMOUS_PREFIX))
            .getSingleResult();
    return new Census(sessions, held, ((Number) outbound[0]).longValue(),
        ((Number) outbound[1]).longValue());
  }

  private Map<String, Long> queuedBySession(List<String> ids) {
    Map<String, Long> queued = new HashMap<>();
    if (ids.isEmpty()) {
      return queued;
    }
    for (Object[] r :
        em.createQuery(
                "select m.sessionId, count(m) from RmOutbound m where m.sessionId in (:ids)"
                    + " group by m.sessionId",
                Object[].class)
            .setParameter("ids", ids)
            .getResultList()) {
      queued.put((String) r[0], (Long) r[1]);
    }
    return queued;
  }

  private <T> TypedQuery<T> filtered(String select, Filter f, String order, Class<T> type) {
    StringBuilder jpql = new StringBuilder(select).append(" where 1 = 1");
    if (f.state() != null) {
      jpql.append(" and s.state = :state");
    }
    if (f.endpoint() != null) {
      jpql.append(" and s.endpoint = :endpoint");
    }
    if (f.idContains() != null) {
      jpql.append(" and (s.id like :q escape '!' or s.offeredId like :q escape '!')");
    }
    TypedQuery<T> q = em.createQuery(jpql + order, type);
    if (f.state() != null) {
      q.setParameter("state", f.state());
    }
    if (f.endpoint() != null) {
      q.setParameter("endpoint", f.endpoint());
    }
    if (f.idContains() != null) {
      q.setParameter("q", "%" + JpaOutboundStore.likePrefix(f.idContains()));
    }
    return q;
  }

}
