package dev.tandem.session;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends queued outbound messages to clients' addresses (dual HTTP): one POST per message, SOAP 1.2,
 * answered 202 by a WCF dual client. Woken after every commit that queued something, and every
 * second for retransmissions. At most {@value #MAX_IN_FLIGHT} POSTs are in flight, each with 5 s
 * connect and 10 s response timeouts, so an unreachable client never blocks the others. As WCF,
 * retransmission starts from the measured round trip: twice the smoothed POST round trip (at least
 * 100 ms) once one is known, {@code tandem.rm.retry-interval} before.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class OutboundSender {
  private static final Logger LOG = Logger.getLogger(OutboundSender.class.getName());
  private static final int MAX_IN_FLIGHT = 32;
  private static final int BATCH = 64;

  @Resource ManagedScheduledExecutorService scheduler;
  @EJB OutboundDelivery delivery;
  @Inject OutboundWakeUp wakeUp;

  /** Floor of the round-trip-based retry interval (ms): a loopback client is not retried in 1 ms. */
  private static final long MIN_RETRY_MILLIS = 100;

  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  /** Smoothed round trip of callback POSTs (ms, TCP-style 7/8 average), -1 before the first. */
  private final AtomicLong smoothedRtt = new AtomicLong(-1);
  /** At most one TANDEM-RM-0012 line per address and minute; the rest are counted into the next. */
  private final PostFailureLog failures = new PostFailureLog(60_000);
  private final AtomicBoolean pumping = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private HttpClient http;
  private ScheduledFuture<?> sweep;

  @PostConstruct
  void start() {
    // The client's own threads do the I/O; completions hop back onto the managed executor, which
    // must never wait on them (the pump only claims what it has permits for).
    http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    wakeUp.listen(() -> scheduler.execute(this::pump));
    sweep = scheduler.scheduleWithFixedDelay(this::pump, 1, 1, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    wakeUp.listen(() -> {});
    if (sweep != null) {
      sweep.cancel(false);
    }
  }

  /** Claims and sends everything due; concurrent calls fold into one extra round. */
  void pump() {
    if (!pumping.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    try {
      boolean more;
      do {
        again.set(false);
        int room = Math.min(BATCH, inFlight.availablePermits());
        if (room == 0) {
          return; // every slot busy: the next completion or sweep resumes
        }
        long rtt = smoothedRtt.get();
        OutboundDelivery.Claim claim =
            rtt < 0
                ? delivery.claimDue(room)
                : delivery.claimDue(room, Math.max(MIN_RETRY_MILLIS, 2 * rtt));
        claim.ready().forEach(this::send);
        // A full page may have more due behind it, even if little of it could be sent.
        more = again.get() || claim.examined() == room;
      } while (more);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "TANDEM-RM-0011 outbound sweep failed; retrying in 1 s", e);
    } finally {
      pumping.set(false);
    }
  }

  private void send(OutboundDispatch d) {
    if (!inFlight.tryAcquire()) {
      return; // claimed but not sent: it is due again after its back-off
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(d.to()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(d.envelope()))
            .build();
    long sentAt = System.nanoTime();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              inFlight.release();
              if (error == null && response.statusCode() / 100 == 2) {
                long rtt = (System.nanoTime() - sentAt) / 1_000_000;
                smoothedRtt.updateAndGet(old -> old < 0 ? rtt : (7 * old + rtt) / 8);
                if (!d.sequenced()) {
                  scheduler.execute(() -> delivery.delivered(d.id()));
                }
              } else {
                long unlogged = failures.failed(d.to(), System.nanoTime());
                if (unlogged >= 0) {
                  LOG.info(
                      () ->
                          "TANDEM-RM-0012 POST to "
                              + d.to()
                              + " failed: "
                              + (error != null ? error : "HTTP " + response.statusCode())
                              + (unlogged > 0
                                  ? " (and " + unlogged + " earlier failures to it not logged)"
                                  : ""));
                }
              }
            });
  }
}
