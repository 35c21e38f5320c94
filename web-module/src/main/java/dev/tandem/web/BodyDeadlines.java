package dev.tandem.web;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The body-read deadlines of the requests whose bodies are still arriving ({@link RequestBody}): one
 * sweep task for all of them instead of a scheduled task per request.
 *
 * <p>Why not one task each: a cancelled task stays in the scheduler's queue until its delay ends
 * (the managed executor does not remove cancelled tasks), and it holds its {@code RequestBody}, the
 * {@code AsyncContext}, the request and its buffers — 8–16 KB a request pinned for the whole body
 * timeout (30 s) after the answer. A body here is forgotten the moment it is decided.
 *
 * <p>The sweep runs every {@link #PERIOD_MILLIS} ms, so a slow body gets its 408 up to that much
 * after its deadline.
 */
@ApplicationScoped
public class BodyDeadlines {
  private static final Logger LOG = Logger.getLogger(BodyDeadlines.class.getName());

  /** Time between two sweeps, ms. */
  static final long PERIOD_MILLIS = 250;

  @Inject ManagedScheduledExecutorService scheduler;

  /** Bodies still arriving, with the System.nanoTime() at which each is too late. */
  private final Map<RequestBody, Long> pending = new ConcurrentHashMap<>();

  private ScheduledFuture<?> sweep;

  @PostConstruct
  void start() {
    sweep =
        scheduler.scheduleWithFixedDelay(
            this::expireOverdue, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (sweep != null) {
      sweep.cancel(false);
    }
  }

  /**
   * Watches a body until {@link #forget} or its deadline.
   *
   * @param body the body being read
   * @param timeoutMillis how long it may take from now, ms
   */
  void watch(RequestBody body, long timeoutMillis) {
    pending.put(body, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
  }

  /** The body was decided (complete, too large, broken or expired): nothing of it is kept. */
  void forget(RequestBody body) {
    pending.remove(body);
  }

  /** How many bodies are being read now (a figure for tests and diagnostics). */
  int pendingCount() {
    return pending.size();
  }

  private void expireOverdue() {
    long now = System.nanoTime();
    for (Map.Entry<RequestBody, Long> e : pending.entrySet()) {
      if (now - e.getValue() >= 0 && pending.remove(e.getKey(), e.getValue())) {
        try {
          e.getKey().expire();
        } catch (RuntimeException failed) {
          // One broken exchange must not stop the sweep (a scheduled task that throws never runs again).
          LOG.log(Level.FINE, "TANDEM-WEB-0004 could not answer an expired body", failed);
        }
      }
    }
  }
}
