package dev.tandem.web;

import dev.tandem.cluster.ClusterChannel;
import dev.tandem.platform.StoreDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@value #NAME} (MicroProfile Health, served by Payara at {@code /health/ready}):
 * UP while the message store's database ({@link StoreDataSource}) answers, DOWN while it does not. Tandem
 * accepts no reliable message without its store (they get the StoreUnavailable fault), so a load
 * balancer or orchestrator should send traffic elsewhere meanwhile; the process itself stays alive
 * and recovers on its own when the database returns.
 *
 * <p>Its data: {@code database} (the product name, e.g. {@code PostgreSQL}) and {@code resource}, the
 * JNDI name in use ({@code jdbc/tandem} or {@code java:app/jdbc/tandem-default}); {@code cluster}:
 * {@code off}, {@code listening} (this node hears the other nodes' notices; {@code
 * "sweepLease":"true"} on the one node that runs the sweeps) or {@code reconnecting} (the node still
 * serves, but a poll parked here learns of another node's callback only when it is looked at again);
 * {@code error} when DOWN.
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

  @Inject ClusterChannel cluster;

  private volatile StoreDataSource.Choice store;

  @Override
  public HealthCheckResponse call() {
    StoreDataSource.Choice chosen = store;
    try (Connection c = started(chosen).dataSource().getConnection()) {
      return HealthCheckResponse.named(NAME)
          .status(c.isValid(VALIDATION_SECONDS))
          .withData("database", c.getMetaData().getDatabaseProductName())
          .withData("resource", chosen.name())
          .withData("cluster", !cluster.enabled() ? "off" : cluster.listening() ? "listening" : "reconnecting")
          .withData("sweepLease", cluster.sweepLeaseHeld())
          .build();
    } catch (SQLException | RuntimeException e) {
      return HealthCheckResponse.named(NAME)
          .down()
          .withData("error", StoreFailures.rootMessage(e))
          .build();
    }
  }

  /**
   * Looks the data source up while the application starts: its {@code java:app} name resolves only
   * in the application's own context, and the health checks run in Payara's health endpoint.
   */
  void resolve(@Observes @Initialized(ApplicationScoped.class) Object started) {
    store = StoreDataSource.lookup();
  }

  private static StoreDataSource.Choice started(StoreDataSource.Choice chosen) {
    if (chosen == null) {
      throw new IllegalStateException("the application has not started yet");
    }
    return chosen;
  }
}
