package dev.tandem.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.EJBException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.resource.spi.ResourceAllocationException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * Which failures are a database outage (StoreUnavailable), which a conflict (run again), and
 * which neither (InternalError).
 */
class StoreFailuresTest {

  /** As the container hands it over: EJB, JPA and pool layers around the driver's exception. */
  private static RuntimeException wrapped(Throwable driver) {
    SQLException pool = new SQLException("Error in allocating a connection", null, driver);
    return new EJBException(new PersistenceException("Unable to acquire JDBC Connection", pool));
  }

  @Test
  void refusedConnectionsAndCutSessionsAreAnOutage() {
    assertThat(
            StoreFailures.isOutage(
                wrapped(new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT))))
        .isTrue();
    assertThat(
            StoreFailures.isOutage(
                wrapped(new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST))))
        .isTrue();
    assertThat(StoreFailures.isOutage(wrapped(new SQLException("terminating connection", "57P01"))))
        .isTrue();
    assertThat(StoreFailures.isOutage(new EJBException(new ResourceAllocationException("pool"))))
        .isTrue();
    // Payara, when the commit finds the connection closed: the driver's exception is not chained.
    EJBException commitFailed =
        new EJBException("Unable to complete container-managed transaction.");
    commitFailed.initCause(new jakarta.transaction.SystemException());
    assertThat(StoreFailures.isOutage(commitFailed)).isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(StoreFailures.isOutage(wrapped(new SQLException("duplicate key", "23505")))).isFalse();
    assertThat(StoreFailures.isOutage(new EJBException(new IllegalStateException("bug")))).isFalse();
    assertThat(StoreFailures.isOutage(new IllegalStateException())).isFalse();
  }

  @Test
  void lostRacesDeadlocksAndLockFailuresAreConflictsAndNothingElseIs() {
    assertThat(StoreFailures.isConflict(wrapped(new SQLException("duplicate key", "23505")))).isTrue();
    assertThat(StoreFailures.isConflict(wrapped(new SQLException("deadlock detected", "40P01"))))
        .isTrue();
    assertThat(StoreFailures.isConflict(wrapped(new SQLException("could not serialize", "40001"))))
        .isTrue();
    assertThat(StoreFailures.isConflict(wrapped(new SQLException("lock not available", "55P03"))))
        .isTrue();
    assertThat(
            StoreFailures.isConflict(
                new EJBException(new OptimisticLockException("Row was updated or deleted"))))
        .isTrue();
    assertThat(StoreFailures.isConflict(wrapped(new SQLException("refused", "08001")))).isFalse();
    assertThat(StoreFailures.isConflict(wrapped(new SQLException("value too long", "22001"))))
        .isFalse();
    assertThat(StoreFailures.isConflict(new EJBException(new IllegalStateException()))).isFalse();
  }

  @Test
  void theLogLineNamesTheInnermostCause() {
    assertThat(StoreFailures.rootMessage(wrapped(new SQLException("refused", "08001"))))
        .isEqualTo("SQLException: refused");
  }
}
