package dev.tandem.session;

import dev.tandem.metrics.TandemMetrics;
import dev.tandem.rm.protocol.CallbackAddress;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * 100 ms) once one is known, {@code tandem.rm.retry-interval} before. Every address is checked
 * against the callback policy ({@code tandem.callbacks.*}) right before its POST.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class OutboundSender {
  private static final Logger LOG = Logger.getLogger(OutboundSender.class.getName());
  private static final int MAX_IN_FLIGHT = 32;
  private static final int BATCH = 64;
  /** Pause before looking again at messages whose session another transaction held (ms). */
  private static final long BUSY_RETRY_MILLIS = 20;

  @Resource ManagedScheduledExecutorService scheduler;
  @EJB OutboundDelivery delivery;
  @Inject OutboundWakeUp wakeUp;
  @Inject TandemSettings settings;
  @Inject TandemMetrics metrics;
  @Inject CallbackFailures lastFailures;

  /** Floor of the round-trip-based retry interval (ms): a loopback client is not retried in 1 ms. */
  private static final long MIN_RETRY_MILLIS = 100;

  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  /** Smoothed round trip of callback POSTs (ms, TCP-style 7/8 average), -1 before the first. */
  private final AtomicLong smoothedRtt = new AtomicLong(-1);
  /** At most one TANDEM-RM-0012 line per address and minute; the rest are counted into the next. */
  private final PostFailureLog failures = new PostFailureLog(60_000);
  private final AtomicBoolean pumping = new AtomicBoolean();
  private volatile long lastPumpNanos = System.nanoTime();
  private final AtomicBoolean again = new AtomicBoolean();
  HttpClient http;
  private ScheduledFuture<?> sweep;

  @PostConstruct
  void start() {
    // Parse tandem.callbacks.* now: a typo fails the deployment instead of every CreateSequence.
    settings.callbacks();
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
        if (claim.busy() > 0 && !more) {
          // Their sessions were held by a request or another node's drain: look again shortly
          // rather than at the next sweep (another node's claim makes them not due by then).
          scheduler.schedule(this::pump, BUSY_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
      } while (more);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "TANDEM-RM-0011 outbound sweep failed; retrying in 1 s", e);
    } finally {
      lastPumpNanos = System.nanoTime();
      pumping.set(false);
    }
  }

  /**
   * Milliseconds since the last sweep of the outbound queue ended (it runs every second and after
   * every commit that queued something); the liveness check's figure.
   */
  public long millisSinceLastSweep() {
    return (System.nanoTime() - lastPumpNanos) / 1_000_000;
  }

  /**
   * Sends one claimed message. Whatever goes wrong on the way — an address the JDK's HTTP client
   * cannot take, one the callback policy refuses now (a name that resolves elsewhere than at
   * CreateSequence), a failure to build or start the request, a refused task — ends in the same
   * completion as a failed POST: the slot is released, and the message, whose attempt the claim
   * already recorded, is due again after its back-off until the retry budget ends its session. It
   * used to throw between taking the slot and starting the POST, which leaked the slot and dropped
   * the rest of the batch; 32 such messages stopped every callback on the server (issue #14).
   */
  private void send(OutboundDispatch d) {
    if (!inFlight.tryAcquire()) {
      return; // claimed but not sent: it is due again after its back-off
    }
    long[] sentAt = {System.nanoTime()};
    CompletableFuture<HttpResponse<Void>> exchange;
    try {
      // The policy may look the host up (DNS): not on the pump's thread, where it would hold up
      // every other message of the batch.
      exchange =
          CompletableFuture.supplyAsync(() -> request(d), scheduler)
              .thenCompose(
                  request -> {
                    sentAt[0] = System.nanoTime();
                    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
                  });
    } catch (RuntimeException e) {
      exchange = CompletableFuture.failedFuture(e);
    }
    exchange.whenComplete(
        (response, error) -> {
          inFlight.release();
          completed(d, sentAt[0], response, error);
        });
  }

  /**
   * The POST for {@code d}.
   *
   * @throws CallbackRefused when the address is not an http(s) URI or the policy refuses it now
   * @throws IllegalArgumentException when the JDK's HTTP client refuses the URI
   */
  private HttpRequest request(OutboundDispatch d) {
    CallbackAddress address = CallbackAddress.of(d.to());
    if (!address.isAddressable()) {
      throw new CallbackRefused(
          address.problem() == null ? "not an http(s) address" : address.problem());
    }
    settings
        .callbacks()
        .refusal(address)
        .ifPresent(
            reason -> {
              throw new CallbackRefused(reason);
            });
    return HttpRequest.newBuilder(address.uri())
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/soap+xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(d.envelope()))
        .build();
  }

  private void completed(
      OutboundDispatch d, long sentAt, HttpResponse<Void> response, Throwable error) {
    if (error == null && response.statusCode() / 100 == 2) {
      long rtt = (System.nanoTime() - sentAt) / 1_000_000;
      smoothedRtt.updateAndGet(old -> old < 0 ? rtt : (7 * old + rtt) / 8);
      if (!d.sequenced()) {
        scheduler.execute(() -> delivery.delivered(d.sessionId(), d.id()));
      }
      return;
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    metrics.postFailed();
    lastFailures.record(d.to(), cause != null ? cause.toString() : "HTTP " + response.statusCode());
    long unlogged = failures.failed(d.to(), System.nanoTime());
    if (unlogged < 0) {
      return;
    }
    String more = unlogged > 0 ? " (and " + unlogged + " earlier failures to it not logged)" : "";
    if (cause instanceof CallbackRefused refused) {
      LOG.warning(
          () -> "TANDEM-RM-0014 callback to " + d.to() + " not sent: " + refused.getMessage() + more);
    } else {
      LOG.info(
          () ->
              "TANDEM-RM-0012 POST to "
                  + d.to()
                  + " failed: "
                  + (cause != null ? cause : "HTTP " + response.statusCode())
                  + more);
    }
  }

  /** POSTs in flight now (0 to {@value #MAX_IN_FLIGHT}); for tests and diagnostics. */
  public int inFlight() {
    return MAX_IN_FLIGHT - inFlight.availablePermits();
  }

  /** An address the sender will not POST to; the attempt counts as failed. */
  private static final class CallbackRefused extends RuntimeException {
    CallbackRefused(String reason) {
      super(reason, null, false, false);
    }
  }
}
