package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency of a WS-MakeConnection callback with many parked polls (not a unit test; run by {@code
 * scripts/bench-mc.sh}). Opens {@code --clients} RSP clients against a running server (each an MC
 * anonymous address with an offered sequence), keeps exactly one MakeConnection poll parked per
 * client (re-polling after every answer), then, one client at a time for a sample of clients, sends
 * ProcessData and measures from the arrival of the ProcessData HTTP response (the message is
 * committed) to the arrival of the SendProcessedData callback on that client's parked poll. The
 * server should run with {@code -Dtandem.rsp.delay=0} so the callback is due at once, and a hold time
 * longer than the run.
 *
 * <p>Prints the count, p50/p90/p99/max in milliseconds, and, with {@code --server-pid}, the server's
 * Java thread count (jcmd Thread.print), OS thread count and open file descriptors while all polls are
 * parked. Only the JDK is needed on the class path.
 *
 * <pre>
 * --url URL         the rsp endpoint, e.g. http://127.0.0.1:8080/servicemodelsamples/service.svc/rsp
 * --poll-url URL    where the polls go (default --url): another node on the same database, to
 *                   measure a callback committed on one node reaching a poll parked on the other
 * --clients N       parked polls / RSP clients (1000)
 * --sample N        measured ProcessData round trips (200), after --warmup unmeasured ones (20)
 * --server-pid PID  server process for thread and descriptor counts
 * </pre>
 */
public final class MakeConnectionBench {
  private static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
  private static final String MC = "http://docs.oasis-open.org/ws-rx/wsmc/200702";
  private static final String TEMPURI = "http://tempuri.org/";
  private static final String CALLBACK_ACTION = TEMPURI + "IProcessDataDuplex/SendProcessedData";
  private static final Pattern IDENTIFIER =
      Pattern.compile("CreateSequenceResponse.*?Identifier[^>]*>([^<]+)<", Pattern.DOTALL);

  private final URI url;
  /** Where the polls go: {@link #url}, or another node sharing its database. */
  private final URI pollUrl;
  private final HttpClient http;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger unexpected = new AtomicInteger();
  private final AtomicInteger pollErrors = new AtomicInteger();

  private MakeConnectionBench(URI url, URI pollUrl) {
    this.url = url;
    this.pollUrl = pollUrl;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4))
            .build();
  }

  /** One RSP client with its own MC anonymous address and a poll that is always parked. */
  private final class Client {
    final String address = MC + "/anonymous?id=" + UUID.randomUUID();
    final String offer = "urn:uuid:" + UUID.randomUUID();
    String id;
    long next = 1;
    long acked;
    volatile CompletableFuture<Long> callback = new CompletableFuture<>();

    void open() throws IOException, InterruptedException {
      HttpResponse<String> r =
          http.send(
              request(
                  envelope(
                      addressing(RM10 + "/CreateSequence", address),
                      "<r:CreateSequence><r:AcksTo><a:Address>" + address + "</a:Address></r:AcksTo>"
                          + "<r:Offer><r:Identifier>" + offer + "</r:Identifier></r:Offer></r:CreateSequence>")),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = IDENTIFIER.matcher(r.body());
      if (r.statusCode() != 200 || !m.find()) {
        throw new IllegalStateException("CreateSequence: " + r.statusCode() + " " + r.body());
      }
      id = m.group(1).trim();
    }

    /** Parks a poll; every answer parks the next one (with an ack for what arrived) until stopping. */
    void poll() {
      if (stopping.get()) {
        return;
      }
      polls.incrementAndGet();
      String ack =
          acked == 0
              ? ""
              : "<r:SequenceAcknowledgement><r:Identifier>" + offer + "</r:Identifier>"
                  + "<r:AcknowledgementRange Lower=\"1\" Upper=\"" + acked + "\"/></r:SequenceAcknowledgement>";
      String env =
          envelope(
              ack + addressing(MC + "/MakeConnection", address),
              "<mc:MakeConnection><mc:Address>" + address + "</mc:Address></mc:MakeConnection>");
      http.sendAsync(request(pollUrl, env), HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (r, e) -> {
                long arrived = System.nanoTime();
                if (e != null) {
                  if (!stopping.get()) {
                    pollErrors.incrementAndGet();
                    System.err.println("poll failed: " + e);
                  }
                  return;
                }
                if (r.statusCode() == 200 && r.body().contains(CALLBACK_ACTION)) {
                  acked++;
                  callback.complete(arrived);
                } else if (r.statusCode() != 202) {
                  unexpected.incrementAndGet();
                  System.err.println("poll answered " + r.statusCode() + ": " + r.body());
                }
                poll();
              });
    }

    /** ProcessData; returns when its HTTP response (the ack) has arrived, i.e. it is committed. */
    long processData() throws IOException, InterruptedException {
      callback = new CompletableFuture<>();
      String env =
          envelope(
              "<r:Sequence s:mustUnderstand=\"1\"><r:Identifier>" + id + "</r:Identifier><r:MessageNumber>"
                  + next++ + "</r:MessageNumber></r:Sequence>"
                  + addressing(TEMPURI + "IProcessDataDuplex/ProcessData", address),
              "<ProcessData xmlns=\"" + TEMPURI + "\"><rawData>bench</rawData></ProcessData>");
      HttpResponse<String> r = http.send(request(env), HttpResponse.BodyHandlers.ofString());
      long committed = System.nanoTime();
      if (r.statusCode() != 200 && r.statusCode() != 202) {
        throw new IllegalStateException("ProcessData: " + r.statusCode() + " " + r.body());
      }
      return committed;
    }
  }

  private HttpRequest request(String envelope) {
    return request(url, envelope);
  }

  private HttpRequest request(URI to, String envelope) {
    return HttpRequest.newBuilder(to)
        .timeout(Duration.ofSeconds(600))
        .header("Content-Type", "application/soap+xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
        .build();
  }

  private static String envelope(String headers, String body) {
    return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
        + " xmlns:a=\"http://www.w3.org/2005/08/addressing\" xmlns:r=\"" + RM10 + "\" xmlns:mc=\"" + MC + "\">"
        + "<s:Header>" + headers + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
  }

  private String addressing(String action, String replyTo) {
    return "<a:Action s:mustUnderstand=\"1\">" + action + "</a:Action>"
        + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
        + "<a:ReplyTo><a:Address>" + replyTo + "</a:Address></a:ReplyTo>"
        + "<a:To s:mustUnderstand=\"1\">" + url + "</a:To>";
  }

  public static void main(String[] args) throws Exception {
    URI url = null;
    URI pollUrl = null;
    int clients = 1000;
    int sample = 200;
    int warmup = 20;
    long pid = -1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = URI.create(args[++i]);
        case "--poll-url" -> pollUrl = URI.create(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--sample" -> sample = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--server-pid" -> pid = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required");
    }
    new MakeConnectionBench(url, pollUrl == null ? url : pollUrl).run(clients, sample, warmup, pid);
    System.exit(0);
  }

  private void run(int n, int sample, int warmup, long pid) throws Exception {
    long t = System.nanoTime();
    List<Client> clients = new ArrayList<>();
    ExecutorService opener = Executors.newFixedThreadPool(4);
    List<CompletableFuture<Client>> opened = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      opened.add(
          CompletableFuture.supplyAsync(
              () -> {
                Client c = new Client();
                try {
                  c.open();
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return c;
              },
              opener));
    }
    for (CompletableFuture<Client> f : opened) {
      clients.add(f.get());
    }
    opener.shutdown();
    System.out.printf(Locale.ROOT, "opened %d sequences in %d ms%n", n, ms(System.nanoTime() - t));

    t = System.nanoTime();
    for (int i = 0; i < n; i++) {
      clients.get(i).poll();
      if (i % 100 == 99) {
        Thread.sleep(50); // spread the connection burst a little
      }
    }
    Thread.sleep(3_000); // let every poll reach the server and park
    System.out.printf(
        Locale.ROOT,
        "parked %d polls in %d ms (errors %d, unexpected answers %d)%n",
        n, ms(System.nanoTime() - t), pollErrors.get(), unexpected.get());
    if (pid > 0) {
      System.out.println("server while " + n + " polls parked: " + serverFigures(pid));
    }

    int total = Math.min(n, warmup + sample);
    double[] latencies = new double[total - Math.min(warmup, total)];
    int k = 0;
    int lost = 0;
    for (int i = 0; i < total; i++) {
      Client c = clients.get(i * (n / total)); // spread over the clients
      CompletableFuture<Long> cb = c.callback;
      long committed = c.processData();
      cb = c.callback;
      long arrived;
      try {
        arrived = cb.get(30, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        lost++;
        System.err.println("no callback in 30 s for " + c.address);
        continue;
      }
      if (i >= warmup) {
        latencies[k++] = (arrived - committed) / 1e6;
      }
    }
    latencies = Arrays.copyOf(latencies, k);
    Arrays.sort(latencies);
    System.out.printf(
        Locale.ROOT,
        "callback latency after ProcessData committed, %d parked polls: count %d (warm-up %d, lost %d)"
            + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, min %.2f ms%n",
        n, k, Math.min(warmup, total), lost,
        pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
        k == 0 ? Double.NaN : latencies[k - 1], k == 0 ? Double.NaN : latencies[0]);
    System.out.printf(
        Locale.ROOT, "polls sent %d, poll errors %d, unexpected answers %d%n",
        polls.get(), pollErrors.get(), unexpected.get());
    if (pid > 0) {
      System.out.println("server after the sample (" + n + " polls parked): " + serverFigures(pid));
    }
    stopping.set(true);
  }

  private static double pct(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  /** Java threads (jcmd Thread.print), OS threads and open descriptors of the server. */
  private static String serverFigures(long pid) {
    String java;
    try {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
      String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      // A thread that holds a request has the servlet on its stack; a parked poll must not.
      long inServlet =
          Arrays.stream(dump.split("\n\\s*\n"))
              .filter(b -> b.startsWith("\"") && b.contains("dev.tandem.web.ServiceEndpointServlet"))
              .count();
      List<String> names =
          dump.lines()
              .filter(l -> l.startsWith("\""))
              .map(l -> l.substring(1, Math.max(1, l.indexOf('"', 1))).replaceAll("[0-9]+", "#"))
              .toList();
      p.waitFor();
      Map<String, Long> groups = new TreeMap<>();
      names.forEach(name -> groups.merge(name, 1L, Long::sum));
      StringBuilder top = new StringBuilder();
      groups.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(6)
          .forEach(e -> top.append(top.length() == 0 ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue()));
      java = names.size() + " (in the servlet now " + inServlet + "; largest groups: " + top + ")";
    } catch (IOException | InterruptedException e) {
      java = "n/a (" + e.getMessage() + ")";
    }
    return "java threads " + java + ", os threads " + count(Path.of("/proc", Long.toString(pid), "task"))
        + ", open fds " + count(Path.of("/proc", Long.toString(pid), "fd"));
  }

  private static String count(Path dir) {
    try (var s = Files.list(dir)) {
      return Long.toString(s.count());
    } catch (IOException e) {
      return "n/a";
    }
  }
}
