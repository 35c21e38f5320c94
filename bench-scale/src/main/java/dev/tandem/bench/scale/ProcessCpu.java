package dev.tandem.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system, ms) a process has used, from Linux's /proc/PID/stat (clock ticks of
 * 10 ms, the usual USER_HZ of 100). Far less sensitive than wall time to other load on the machine.
 */
final class ProcessCpu {
  private static final double MS_PER_TICK = 10.0;
  private final Path stat;

  /** @param pid the process; 0 for none (then {@link #millis()} is always 0) */
  ProcessCpu(long pid) {
    this.stat = pid > 0 ? Path.of("/proc", Long.toString(pid), "stat") : null;
  }

  boolean available() {
    return stat != null && Files.exists(stat);
  }

  /** CPU ms used so far by the process (0 when unavailable). */
  double millis() {
    if (!available()) {
      return 0;
    }
    try {
      String s = Files.readString(stat);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // After "pid (comm) ": state is field 3, utime field 14, stime field 15 (1-based).
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
