package dev.tandem.store.jpa;

import dev.tandem.store.SessionStateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SessionStateStore} on JPA (Hibernate 6, persistence unit {@code tandem}, table {@code
 * session_state} created by Flyway's {@code V2__outbound_and_session_state.sql}).
 *
 * <p>In the application server it is an application-scoped CDI bean whose container-managed {@link
 * EntityManager} joins the caller's JTA transaction; every method requires one ({@link
 * Transactional.TxType#MANDATORY}). Tests and tools build it with {@link
 * #JpaSessionStateStore(EntityManager)} around an entity manager whose transaction they drive
 * themselves.
 *
 * <p>Costs: every method is a primary-key access. Shapes and errors: session Identifier up to 200
 * characters, service 1024; a longer or null value, or a null state, fails with a {@link
 * jakarta.persistence.PersistenceException} no later than the flush at commit. The state column is
 * unbounded; the 64 KiB limit is the caller's. Each save also records its time ({@code updated_at})
 * for operators.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaSessionStateStore implements SessionStateStore {

  @Inject // dev.tandem.platform.ContainerResources#storeEntityManager
  private EntityManager em;

  /** For CDI; the container injects the entity manager. */
  protected JpaSessionStateStore() {}

  /**
   * A store on {@code entityManager}, for use outside a container (tests, tools). The caller owns
   * the entity manager and its transaction.
   */
  public JpaSessionStateStore(EntityManager entityManager) {
    this.em = Objects.requireNonNull(entityManager, "entityManager");
  }

  @Override
  public Optional<String> load(String sessionId) {
    if (sessionId == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(SessionStateEntity.class, sessionId))
        .map(SessionStateEntity::state);
  }

  @Override
  public void save(String sessionId, String service, String state) {
    // Microseconds: what both databases keep of a timestamp.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    SessionStateEntity row = em.find(SessionStateEntity.class, sessionId);
    if (row == null) {
      em.persist(SessionStateEntity.of(sessionId, service, state, now));
    } else {
      row.replace(service, state, now);
    }
  }

  /** {@inheritDoc} A session without stored state is ignored. */
  @Override
  public void delete(String sessionId) {
    if (sessionId == null) {
      return;
    }
    SessionStateEntity row = em.find(SessionStateEntity.class, sessionId);
    if (row != null) {
      em.remove(row);
    }
  }
}
