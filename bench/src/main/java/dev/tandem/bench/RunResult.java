package dev.tandem.bench;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One run's figures (one server endpoint, one client, one session count), as written to the JSON
 * lines file. Times in ms, throughput in calls/s, WAL in bytes; "message" means one timed Add call.
 * Null: not measured (no PostgreSQL, or the run failed).
 *
 * @param id the row the run belongs to (e.g. {@code tandem-pg}), chosen by the script
 * @param callsPerSecond timed calls of all sessions / wall time from the common start to the last
 *     session's end, calls/s
 * @param slowestCallMs the slowest single timed call of any session, ms
 * @param warmupSlowestCallMs the slowest warm-up call (the first one opens the Sequence), ms
 * @param slowestCloseMs the slowest session close (RM close and terminate), ms
 * @param retransmissions HTTP requests beyond one per timed call (Tandem's client only; else null)
 * @param pgTransactionsPerMessage committed transactions in the server's database per timed call
 *     (pg_stat_database.xact_commit, less the meter's own)
 * @param pgWriteTransactionsPerMessage transaction IDs assigned per timed call (write transactions)
 * @param walBytesPerMessage WAL bytes per timed call
 * @param error why the run failed (first failing session), or null
 */
record RunResult(
    String id,
    String server,
    String endpoint,
    String store,
    String client,
    int sessions,
    int warmup,
    int calls,
    long completedCalls,
    Double callsPerSecond,
    double elapsedMs,
    Double slowestCallMs,
    Double medianCallMs,
    Double p99CallMs,
    double warmupSlowestCallMs,
    double slowestCloseMs,
    Long retransmissions,
    Double pgTransactionsPerMessage,
    Double pgWriteTransactionsPerMessage,
    Double walBytesPerMessage,
    String error,
    String finishedAt) {

  /** What the script says about the run. */
  record Labels(String id, String server, String endpoint, String store, String client) {}

  static RunResult of(Labels l, int warmup, int calls, Workload.Result r, PgMeter.Delta pg, String pgError) {
    List<Workload.SessionResult> ss = r.sessions();
    long[] all = ss.stream().flatMapToLong(s -> Arrays.stream(s.latenciesNanos())).sorted().toArray();
    String error =
        ss.stream().map(Workload.SessionResult::error).filter(e -> e != null).findFirst().orElse(pgError == null ? null : "PostgreSQL counters: " + pgError);
    long completed = all.length;
    boolean ok = error == null && completed == (long) calls * ss.size();
    boolean knownRetransmissions = ss.stream().allMatch(s -> s.retransmissions() >= 0);
    return new RunResult(
        l.id(), l.server(), l.endpoint(), l.store(), l.client(),
        ss.size(), warmup, calls, completed,
        ok ? completed / (r.elapsedNanos() / 1e9) : null,
        r.elapsedNanos() / 1e6,
        all.length == 0 ? null : all[all.length - 1] / 1e6,
        all.length == 0 ? null : percentile(all, 0.50) / 1e6,
        all.length == 0 ? null : percentile(all, 0.99) / 1e6,
        ss.stream().mapToDouble(Workload.SessionResult::warmupSlowestMs).max().orElse(0),
        ss.stream().mapToDouble(Workload.SessionResult::closeMs).max().orElse(0),
        knownRetransmissions ? ss.stream().mapToLong(Workload.SessionResult::retransmissions).sum() : null,
        pg == null || !ok ? null : (double) pg.transactions() / completed,
        pg == null || !ok ? null : (double) pg.writeTransactions() / completed,
        pg == null || !ok ? null : (double) pg.walBytes() / completed,
        error,
        Instant.now().toString());
  }

  /** The nearest-rank percentile {@code q} (0..1) of sorted values. */
  static long percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
