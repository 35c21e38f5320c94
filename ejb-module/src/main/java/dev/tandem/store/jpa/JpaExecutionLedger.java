package dev.tandem.store.jpa;

import dev.tandem.store.ExecutionLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Objects;

/**
 * {@link ExecutionLedger} on JPA: one insert into {@code rm_execution} (Flyway's {@code
 * V5__execution_ledger.sql}) per delivery, in the caller's JTA transaction ({@link
 * Transactional.TxType#MANDATORY}). The identity column is assigned at the insert, which Hibernate
 * issues at once; within one Sequence the caller holds the Sequence row lock, so ids grow in
 * execution order.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaExecutionLedger implements ExecutionLedger {

  @Inject // dev.tandem.platform.ContainerResources#storeEntityManager
  private EntityManager em;

  /** For CDI; the container injects the entity manager. */
  protected JpaExecutionLedger() {}

  /** A ledger on {@code entityManager}, whose transaction the caller drives (tests, tools). */
  public JpaExecutionLedger(EntityManager entityManager) {
    this.em = Objects.requireNonNull(entityManager, "entityManager");
  }

  @Override
  public void record(String sequenceId, long messageNumber) {
    em.persist(new RmExecutionEntity(sequenceId, messageNumber, Instant.now()));
  }
}
