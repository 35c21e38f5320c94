package dev.tandem.store.jpa;

import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.model.StoredMessage;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.store.RmStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.LockOptions;
import org.hibernate.Session;
import org.hibernate.engine.spi.EntityKey;

/**
 * {@link RmStore} on JPA (Hibernate 6, persistence unit {@code tandem}, tables {@code rm_sequence}
 * and {@code rm_message} created by Flyway's {@code V1__rm_store.sql}).
 *
 * <p>In the application server it is an application-scoped CDI bean whose container-managed {@link
 * EntityManager} joins the caller's JTA transaction; every method requires one ({@link
 * Transactional.TxType#MANDATORY}: called without, it throws {@code TransactionalException}). Tests
 * and tools build it with {@link #JpaRmStore(EntityManager)} around an entity manager whose
 * transaction they drive themselves.
 *
 * <p>Costs: every method is a primary-key or unique-index access, except {@link #findInactive} and
 * {@link #findExpired} (an index range scan per live state, bounded by {@code limit}) and {@link #deleteMessages} (one bulk
 * DELETE of the Sequence's rows). {@link #lock} and {@link #lockBySourceSequence} issue {@code SELECT …
 * FOR UPDATE}: a second transaction locking the same Sequence waits until the first ends, for at
 * most the database's lock timeout (H2: the URL's {@code LOCK_TIMEOUT}, 2 s by default, then a
 * lock-timeout {@link jakarta.persistence.PersistenceException}; PostgreSQL: {@code lock_timeout},
 * unlimited by default, so the transaction timeout bounds it).
 *
 * <p>Shapes and errors: Identifiers up to 200 characters (offered Identifier 1024), AcksTo and
 * reply Action/RelatesTo up to 2048, endpoint up to 1024; longer values, a duplicate Sequence
 * Identifier or offered Identifier, or a message of an unknown Sequence fail with a {@link
 * jakarta.persistence.PersistenceException} no later than the flush at commit. Payloads are stored
 * as given, byte for byte; arrays are shared with the caller, not copied, so do not modify them.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaRmStore implements RmStore {

  /** States a Sequence can time out in (all but terminated), each swept by its own index scan. */
  private static final List<SequenceState> LIVE_STATES =
      List.of(SequenceState.values()).stream().filter(s -> s != SequenceState.TERMINATED).toList();

  @Inject // dev.tandem.platform.ContainerResources#storeEntityManager
  private EntityManager em;

  /** Null outside a container: tests and tools run one transaction at a time. */
  @Inject private OfferedIdLocks offeredIdLocks;

  /** First key of the offered-Identifier advisory locks ("TO" in ASCII), apart from other users'. */
  private static final int OFFERED_ID_LOCK_SPACE = 0x544F;

  /** Whether the store is PostgreSQL; found out at the first need. */
  private volatile Boolean postgreSql;

  /** For CDI; the container injects the entity manager. */
  protected JpaRmStore() {}

  /**
   * A store on {@code entityManager}, for use outside a container (tests, tools). The caller owns
   * the entity manager and its transaction.
   */
  public JpaRmStore(EntityManager entityManager) {
    this.em = Objects.requireNonNull(entityManager, "entityManager");
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the Sequence has no creation or last-activity time
   */
  @Override
  public void create(ReliableSession session) {
    if (session.inbound().created() == null || session.inbound().lastActivity() == null) {
      throw new IllegalArgumentException("sequence " + session.id() + " has no creation time");
    }
    em.persist(RmSequenceEntity.of(session));
  }

  @Override
  public Optional<ReliableSession> lock(String sequenceId) {
    if (sequenceId == null) {
      return Optional.empty();
    }
    RmSequenceEntity row =
        em.find(RmSequenceEntity.class, sequenceId, LockModeType.PESSIMISTIC_WRITE);
    return Optional.ofNullable(row).map(RmSequenceEntity::toDomain);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Hibernate's SKIP_LOCKED lock timeout ({@code jakarta.persistence.lock.timeout} = -2): on
   * PostgreSQL {@code FOR UPDATE SKIP LOCKED}; H2 has no SKIP LOCKED, so there it waits.
   */
  @Override
  public Optional<ReliableSession> tryLock(String sessionId) {
    if (sessionId == null) {
      return Optional.empty();
    }
    return em.createQuery("select s from RmSequence s where s.id = :id", RmSequenceEntity.class)
        .setParameter("id", sessionId)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .setHint("jakarta.persistence.lock.timeout", LockOptions.SKIP_LOCKED)
        .getResultList() // at most one row (unique key); a list skips the stream's scrollable cursor
        .stream()
        .findFirst()
        .map(RmSequenceEntity::toDomain);
  }

  @Override
  public boolean exists(String sessionId) {
    return sessionId != null
        && em.createQuery("select count(s) from RmSequence s where s.id = :id", Long.class)
                .setParameter("id", sessionId)
                .setFlushMode(FlushModeType.COMMIT)
                .getSingleResult()
            > 0;
  }

  @Override
  public Optional<ReliableSession> lockBySourceSequence(String offeredId) {
    if (offeredId == null) {
      return Optional.empty();
    }
    Optional<ReliableSession> found = findByOfferedIdForUpdate(offeredId);
    if (found.isEmpty() && holdOfferedId(offeredId)) {
      // Absent: a concurrent copy of this CreateSequence may be about to insert it. Look again
      // once no other transaction is between its own lookup and its commit.
      found = findByOfferedIdForUpdate(offeredId);
    }
    return found;
  }

  /**
   * Serialises the transactions that look up {@code offeredId} while nobody has it, until this one
   * completes. PostgreSQL: a transaction-level advisory lock on the Identifier's hash, which also
   * serialises the nodes sharing the database (two copies of one CreateSequence at two nodes); other
   * databases: this server's {@link OfferedIdLocks}. A hash collision only makes two unrelated
   * CreateSequences wait for each other.
   *
   * @return true when held (look again), false when not serialised (the unique index decides)
   */
  private boolean holdOfferedId(String offeredId) {
    if (postgreSql()) {
      em.createNativeQuery("select pg_advisory_xact_lock(?1, hashtext(?2))")
          .setParameter(1, OFFERED_ID_LOCK_SPACE)
          .setParameter(2, offeredId)
          .setFlushMode(FlushModeType.COMMIT)
          .getSingleResult();
      return true;
    }
    return offeredIdLocks != null && offeredIdLocks.holdUntilCompletion(offeredId);
  }

  private boolean postgreSql() {
    Boolean p = postgreSql;
    if (p == null) {
      p =
          "PostgreSQL"
              .equals(
                  em.unwrap(Session.class)
                      .doReturningWork(c -> c.getMetaData().getDatabaseProductName()));
      postgreSql = p;
    }
    return p;
  }

  private Optional<ReliableSession> findByOfferedIdForUpdate(String offeredId) {
    return em.createQuery(
            "select s from RmSequence s where s.offeredId = :offeredId", RmSequenceEntity.class)
        .setParameter("offeredId", offeredId)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultList() // at most one row (unique key); a list skips the stream's scrollable cursor
        .stream()
        .findFirst()
        .map(RmSequenceEntity::toDomain);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Only the state that changes during a Sequence's life is written (state, received and
   * delivered numbers, last number, reply numbers and acknowledgements, last activity).
   *
   * @throws IllegalArgumentException when no Sequence with that Identifier is stored
   */
  @Override
  public void update(ReliableSession sequence) {
    // Within the locking transaction this finds the managed row without another SELECT.
    RmSequenceEntity row = em.find(RmSequenceEntity.class, sequence.id());
    if (row == null) {
      throw new IllegalArgumentException("no stored sequence " + sequence.id());
    }
    row.copyMutableStateFrom(sequence);
  }

  @Override
  public Optional<StoredMessage> findMessage(String sequenceId, long messageNumber) {
    if (sequenceId == null) {
      return Optional.empty();
    }
    RmMessageEntity row =
        em.find(RmMessageEntity.class, new RmMessageKey(sequenceId, messageNumber));
    return Optional.ofNullable(row).map(RmMessageEntity::toDomain);
  }

  @Override
  public void insertMessage(StoredMessage message) {
    em.persist(RmMessageEntity.of(message));
  }

  @Override
  public void saveMessage(StoredMessage message) {
    RmMessageEntity row =
        em.find(
            RmMessageEntity.class, new RmMessageKey(message.sequenceId(), message.messageNumber()));
    if (row == null) {
      em.persist(RmMessageEntity.of(message));
    } else {
      row.copyStateFrom(message);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Oldest last activity first. The cutoff is exclusive.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  @Override
  public List<String> findInactive(Instant cutoff, int limit) {
    return liveSequencesBefore("lastActivity", "<", cutoff, limit);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Earliest expiry first; {@code now} is inclusive. One range scan per live state of the
   * (state, expires_at) index, as {@link #findInactive}.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  @Override
  public List<String> findExpired(Instant now, int limit) {
    return liveSequencesBefore("expiresAt", "<=", now, limit);
  }

  /**
   * Identifiers of live Sequences whose {@code attribute} (an Instant of the entity) compares to
   * {@code bound} as {@code comparison} says, smallest first, at most {@code limit}.
   *
   * @param attribute the entity attribute: a constant of this class, never input
   * @param comparison {@code <} or {@code <=}
   */
  private List<String> liveSequencesBefore(
      String attribute, String comparison, Instant bound, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("negative limit " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    // One query per live state rather than "state <> TERMINATED": each is a range scan of the
    // (state, attribute) index that stops after `limit` rows, however many terminated Sequences
    // have accumulated.
    List<Object[]> candidates = new ArrayList<>();
    for (SequenceState state : LIVE_STATES) {
      candidates.addAll(
          em.createQuery(
                  "select s.id, s." + attribute + " from RmSequence s"
                      + " where s.state = :state and s." + attribute + " " + comparison + " :bound"
                      + " order by s." + attribute + ", s.id",
                  Object[].class)
              .setParameter("state", state)
              .setParameter("bound", bound)
              .setMaxResults(limit)
              .getResultList());
    }
    return candidates.stream()
        .sorted(
            Comparator.comparing((Object[] r) -> (Instant) r[1]).thenComparing(r -> (String) r[0]))
        .limit(limit)
        .map(r -> (String) r[0])
        .toList();
  }

  /** {@inheritDoc} One count per live state on the (state, last_activity) index. */
  @Override
  public long countOpen() {
    long open = 0;
    for (SequenceState state : LIVE_STATES) {
      open +=
          em.createQuery("select count(s) from RmSequence s where s.state = :state", Long.class)
              .setParameter("state", state)
              .getSingleResult();
    }
    return open;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Oldest first, on the (state, last_activity) index; then one bulk DELETE of the chosen
   * Sequences' message rows (normally none are left) and one of the Sequences.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  @Override
  public int purgeTerminated(Instant cutoff, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("negative limit " + limit);
    }
    List<String> ids =
        em.createQuery(
                "select s.id from RmSequence s where s.state = :state and s.lastActivity < :cutoff"
                    + " order by s.lastActivity, s.id",
                String.class)
            .setParameter("state", SequenceState.TERMINATED)
            .setParameter("cutoff", cutoff)
            .setMaxResults(limit)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    em.flush();
    em.createQuery("delete from RmMessage m where m.sequenceId in (:ids)")
        .setParameter("ids", ids)
        .executeUpdate();
    int purged =
        em.createQuery("delete from RmSequence s where s.id in (:ids)")
            .setParameter("ids", ids)
            .executeUpdate();
    ids.forEach(this::forgetManagedMessages);
    // As for messages: a bulk DELETE bypasses the persistence context.
    Session session = em.unwrap(Session.class);
    List<Object> stale = new ArrayList<>();
    for (Object key : session.getStatistics().getEntityKeys()) {
      if (key instanceof EntityKey entityKey
          && entityKey.getPersister().getMappedClass() == RmSequenceEntity.class
          && ids.contains(entityKey.getIdentifier())) {
        stale.add(entityKey.getIdentifier());
      }
    }
    stale.forEach(id -> em.detach(em.find(RmSequenceEntity.class, id)));
    return purged;
  }

  @Override
  public void deleteMessages(String sequenceId) {
    em.flush();
    em.createQuery("delete from RmMessage m where m.sequenceId = :sequenceId")
        .setParameter("sequenceId", sequenceId)
        .executeUpdate();
    forgetManagedMessages(sequenceId);
  }

  /**
   * A bulk DELETE bypasses the persistence context: detach the rows it removed that this
   * transaction had loaded, so a later find or save in the same transaction sees them as gone.
   */
  private void forgetManagedMessages(String sequenceId) {
    Session session = em.unwrap(Session.class);
    List<RmMessageKey> stale = new ArrayList<>();
    for (Object key : session.getStatistics().getEntityKeys()) {
      if (key instanceof EntityKey entityKey
          && entityKey.getIdentifier() instanceof RmMessageKey id
          && sequenceId.equals(id.sequenceId())) {
        stale.add(id);
      }
    }
    for (RmMessageKey id : stale) {
      RmMessageEntity row = em.find(RmMessageEntity.class, id);
      if (row != null) {
        em.detach(row);
      }
    }
  }
}
