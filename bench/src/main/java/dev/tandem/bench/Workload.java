package dev.tandem.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs {@code sessions} concurrent sessions, one thread each: every session opens, makes {@code warmup}
 * Add calls, then all start together on {@code calls} timed sequential Add calls; once every session
 * is done the timing stops, {@link Hooks#afterTimed} runs, and only then do the sessions close (so that
 * closing, which takes seconds with Metro, is in no figure).
 */
final class Workload {
  /**
   * What runs around the timed phase (the PostgreSQL counters), on the calling thread. It must not
   * throw: the sessions wait on it.
   */
  interface Hooks {
    Hooks NONE = new Hooks() {};

    default void beforeTimed() {}

    default void afterTimed() {}
  }

  /** One session's figures: latencies in ns of its timed calls, slowest warm-up call and close in ms. */
  record SessionResult(long[] latenciesNanos, int completed, double warmupSlowestMs, double closeMs, long retransmissions, String error) {}

  /** The run's figures: elapsed wall time of the timed phase in ns, and each session's. */
  record Result(long elapsedNanos, List<SessionResult> sessions) {}

  private final int sessions;
  private final int warmup;
  private final int calls;

  Workload(int sessions, int warmup, int calls) {
    this.sessions = sessions;
    this.warmup = warmup;
    this.calls = calls;
  }

  Result run(SessionFactory factory, Hooks hooks) throws Exception {
    // Parties: the sessions and this thread. Each phase boundary is awaited by everyone, even a
    // session that failed, so that one failure cannot hang the run.
    CyclicBarrier warmedUp = new CyclicBarrier(sessions + 1);
    CyclicBarrier go = new CyclicBarrier(sessions + 1);
    CyclicBarrier done = new CyclicBarrier(sessions + 1);
    CyclicBarrier mayClose = new CyclicBarrier(sessions + 1);
    ExecutorService pool = Executors.newFixedThreadPool(sessions);
    try {
      List<Future<SessionResult>> futures = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        futures.add(pool.submit(() -> session(factory, warmedUp, go, done, mayClose)));
      }
      warmedUp.await();
      hooks.beforeTimed();
      long start = System.nanoTime();
      go.await();
      done.await();
      long elapsed = System.nanoTime() - start;
      hooks.afterTimed();
      mayClose.await();
      List<SessionResult> results = new ArrayList<>();
      for (Future<SessionResult> f : futures) {
        results.add(f.get());
      }
      return new Result(elapsed, results);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a session thread failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private SessionResult session(
      SessionFactory factory, CyclicBarrier warmedUp, CyclicBarrier go, CyclicBarrier done, CyclicBarrier mayClose)
      throws InterruptedException, BrokenBarrierException {
    Session s = null;
    String error = null;
    long warmupSlowest = 0;
    long[] latencies = new long[calls];
    int completed = 0;
    long sentBefore = -1;
    long sentAfter = -1;
    try {
      s = factory.open();
      for (int i = 0; i < warmup; i++) {
        long t = System.nanoTime();
        call(s, i);
        warmupSlowest = Math.max(warmupSlowest, System.nanoTime() - t);
      }
    } catch (Exception e) {
      error = "warm-up: " + e;
    }
    warmedUp.await();
    go.await();
    if (error == null) {
      try {
        sentBefore = s.transmissions();
        for (int i = 0; i < calls; i++) {
          long t = System.nanoTime();
          call(s, i);
          latencies[i] = System.nanoTime() - t;
          completed++;
        }
        sentAfter = s.transmissions();
      } catch (Exception e) {
        error = "call " + (completed + 1) + ": " + e;
      }
    }
    done.await();
    mayClose.await();
    double closeMs = 0;
    if (s != null) {
      long t = System.nanoTime();
      try {
        s.close();
      } catch (Exception e) {
        error = error != null ? error : "close: " + e;
      }
      closeMs = (System.nanoTime() - t) / 1e6;
    }
    long retransmissions = sentBefore < 0 || sentAfter < 0 ? -1 : sentAfter - sentBefore - completed;
    return new SessionResult(Arrays.copyOf(latencies, completed), completed, warmupSlowest / 1e6, closeMs, retransmissions, error);
  }

  /** Add(i, 0.5), checked. */
  private static void call(Session s, int i) throws Exception {
    double r = s.add(i, 0.5);
    if (r != i + 0.5) {
      throw new IllegalStateException("Add(" + i + ", 0.5) returned " + r);
    }
  }
}
