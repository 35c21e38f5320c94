package dev.tandem.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import jakarta.resource.spi.ResourceAllocationException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** Which failures are a database outage (StoreUnavailable) and which are not (InternalError). */
class StoreOutageTest {

  /** As the container hands it over: EJB, JPA and pool layers around the driver's exception. */
  private static RuntimeException wrapped(Throwable driver) {
    SQLException pool = new SQLException("Error in allocating a connection", null, driver);
    return new EJBException(new PersistenceException("Unable to acquire JDBC Connection", pool));
  }

  @Test
  void refusedConnectionsAndCutSessionsAreAnOutage() {
    assertThat(
            StoreOutage.causedBy(
                wrapped(new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT))))
        .isTrue();
    assertThat(
            StoreOutage.causedBy(
                wrapped(new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST))))
        .isTrue();
    assertThat(StoreOutage.causedBy(wrapped(new SQLException("terminating connection", "57P01"))))
        .isTrue();
    assertThat(StoreOutage.causedBy(new EJBException(new ResourceAllocationException("pool"))))
        .isTrue();
    // Payara, when the commit finds the connection closed: the driver's exception is not chained.
    EJBException commitFailed =
        new EJBException("Unable to complete container-managed transaction.");
    commitFailed.initCause(new jakarta.transaction.SystemException());
    assertThat(StoreOutage.causedBy(commitFailed)).isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(StoreOutage.causedBy(wrapped(new SQLException("duplicate key", "23505")))).isFalse();
    assertThat(StoreOutage.causedBy(new EJBException(new IllegalStateException("bug")))).isFalse();
    assertThat(StoreOutage.causedBy(new IllegalStateException())).isFalse();
  }

  @Test
  void theLogLineNamesTheInnermostCause() {
    assertThat(StoreOutage.rootMessage(wrapped(new SQLException("refused", "08001"))))
        .isEqualTo("SQLException: refused");
  }
}
