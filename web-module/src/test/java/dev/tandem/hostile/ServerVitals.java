package dev.tandem.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap and thread figures of the server process, read with the JDK's {@code jcmd} (the server is
 * our child, same user): {@code GC.run} first, then {@code GC.heap_info} (used heap after a full
 * collection) and {@code PerfCounter.print} ({@code java.threads.live}).
 *
 * <p>Grizzly's request thread pool grows with bursts of connections and keeps idle workers for
 * minutes, so threads are counted in three: all live threads, the request pool's workers, and those
 * of them that are busy (not waiting for a task) — a connection that holds a thread shows there.
 *
 * @param heapUsedKib heap in use after a full GC, KiB
 * @param liveThreads live Java threads
 * @param poolThreads request pool workers ({@code http-thread-pool}), idle or busy
 * @param busyPoolThreads request pool workers doing something other than waiting for a task
 */
public record ServerVitals(long heapUsedKib, long liveThreads, long poolThreads, long busyPoolThreads) {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private static final Pattern THREADS = Pattern.compile("java\\.threads\\.live=(\\d+)");

  public static ServerVitals of(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    long heap = first(USED, jcmd(pid, "GC.heap_info"));
    long threads = first(THREADS, jcmd(pid, "PerfCounter.print"));
    long[] pool = pool(pid);
    return new ServerVitals(heap, threads, pool[0], pool[1]);
  }

  /** Request pool workers and how many of them are busy (no GC), while connections are stalled. */
  static long[] pool(long pid) throws IOException, InterruptedException {
    long workers = 0;
    long busy = 0;
    for (String block : jcmd(pid, "Thread.print").split("\\R\\R")) {
      if (block.startsWith("\"http-thread-pool")) {
        workers++;
        if (!block.contains("getTask")) {
          busy++;
        }
      }
    }
    return new long[] {workers, busy};
  }

  private static long first(Pattern p, String text) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("jcmd output without " + p + ":\n" + text);
    }
    return Long.parseLong(m.group(1));
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return String.format(
        "heap after full GC %,d KiB, %d live threads (request pool %d, busy %d)",
        heapUsedKib, liveThreads, poolThreads, busyPoolThreads);
  }
}
