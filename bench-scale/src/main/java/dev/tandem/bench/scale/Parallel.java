package dev.tandem.bench.scale;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs tasks 0..n-1 on a fixed number of threads (each task blocking on one HTTP exchange at a
 * time), counts failures, and prints progress to stderr every tenth of the way.
 */
final class Parallel {
  /** One task; {@code i} is its index. */
  interface Task {
    void run(int i) throws Exception;
  }

  /** Outcome: failures counted, the first failure's text, the first success's time (System.nanoTime()). */
  record Result(int failures, String firstFailure, long firstSuccessNanos, long endNanos) {}

  private Parallel() {}

  /**
   * @param label printed with the progress lines
   * @param n how many tasks
   * @param threads how many run at once
   */
  static Result run(String label, int n, int threads, Task task) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicLong firstSuccess = new AtomicLong(Long.MAX_VALUE);
    String[] firstFailure = new String[1];
    long start = System.nanoTime();
    int step = Math.max(1, n / 10);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    for (int t = 0; t < Math.max(1, threads); t++) {
      pool.execute(
          () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
              try {
                task.run(i);
                long now = System.nanoTime();
                firstSuccess.accumulateAndGet(now, Math::min);
              } catch (Exception e) {
                if (failures.getAndIncrement() == 0) {
                  synchronized (firstFailure) {
                    firstFailure[0] = e.toString();
                  }
                  System.err.println("bench-scale: " + label + " task " + i + " failed: " + e);
                }
              }
              int d = done.incrementAndGet();
              if (d % step == 0) {
                double s = (System.nanoTime() - start) / 1e9;
                System.err.printf("bench-scale: %s %,d/%,d in %.1f s (%.0f/s), %d failed%n",
                    label, d, n, s, d / s, failures.get());
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.DAYS);
    synchronized (firstFailure) {
      return new Result(failures.get(), firstFailure[0], firstSuccess.get(), System.nanoTime());
    }
  }
}
