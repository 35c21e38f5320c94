package dev.tandem.web;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@value #NAME} (MicroProfile Health, served by Payara at {@code /health/ready}):
 * UP while the message store behind {@code jdbc/tandem} answers, DOWN while it does not. Tandem
 * accepts no reliable message without its store (they get the StoreUnavailable fault), so a load
 * balancer or orchestrator should send traffic elsewhere meanwhile; the process itself stays alive
 * and recovers on its own when the database returns.
 *
 * <p>A probe takes one pooled connection and validates it ({@link Connection#isValid}, at most
 * {@value #VALIDATION_SECONDS} s); it can wait up to the pool's max-wait (30 s in the shipped pool)
 * when every connection is in use.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {
  static final String NAME = "tandem-store";
  static final int VALIDATION_SECONDS = 2;

  @Resource(lookup = "jdbc/tandem")
  DataSource dataSource;

  @Override
  public HealthCheckResponse call() {
    try (Connection c = dataSource.getConnection()) {
      return HealthCheckResponse.named(NAME)
          .status(c.isValid(VALIDATION_SECONDS))
          .withData("database", c.getMetaData().getDatabaseProductName())
          .build();
    } catch (SQLException | RuntimeException e) {
      return HealthCheckResponse.named(NAME)
          .down()
          .withData("error", StoreFailures.rootMessage(e))
          .build();
    }
  }
}
