package dev.tandem.web;

import dev.tandem.session.OutboundSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness check {@value #NAME} (MicroProfile Health, {@code /health/live}): UP while the outbound
 * sender, which retransmits callbacks and replies, has swept its queue within the last {@value
 * #STALE_MILLIS} ms (it sweeps every second). DOWN means its thread is stuck and callbacks no
 * longer go out: restart the process. A database outage does not make it DOWN (that is the
 * readiness check's business, and a restart would not help). Data: {@code lastSweepMillisAgo},
 * {@code postsInFlight}.
 */
@Liveness
@ApplicationScoped
public class SenderLiveness implements HealthCheck {
  static final String NAME = "tandem-outbound-sender";
  static final long STALE_MILLIS = 60_000;

  @Inject OutboundSender sender;

  @Override
  public HealthCheckResponse call() {
    long age = sender.millisSinceLastSweep();
    return HealthCheckResponse.named(NAME)
        .status(age < STALE_MILLIS)
        .withData("lastSweepMillisAgo", age)
        .withData("postsInFlight", sender.inFlight())
        .build();
  }
}
