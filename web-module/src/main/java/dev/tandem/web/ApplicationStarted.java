package dev.tandem.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Start-up check {@value #NAME} (MicroProfile Health, {@code /health/started}): DOWN until the
 * application has started — the store's schema migrated, the services and their WSDLs loaded,
 * the sender and sweeps running — then UP for good. An orchestrator holds its liveness and
 * readiness probes until then (a start against a database that is still coming up can take
 * minutes: {@code tandem.jdbc.startup-wait}). Data: {@code startedAt} (ISO-8601).
 */
@Startup
@ApplicationScoped
public class ApplicationStarted implements HealthCheck {
  static final String NAME = "tandem-started";

  private volatile Instant startedAt;

  void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    startedAt = Instant.now();
  }

  @Override
  public HealthCheckResponse call() {
    Instant at = startedAt;
    return at == null
        ? HealthCheckResponse.named(NAME).down().build()
        : HealthCheckResponse.named(NAME).up().withData("startedAt", at.toString()).build();
  }
}
