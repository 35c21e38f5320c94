package dev.tandem.client.soak;

import dev.tandem.client.rm.Link;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A network that loses, repeats and reorders, with seeded randomness: per exchange, with the given
 * probabilities (checked in this order), the request is dropped (never sent), its response is
 * dropped (sent, processed, the answer lost), it is duplicated (a second copy sent at once), or it
 * is reordered (the client sees a lost exchange at once; the request itself arrives 100–2000 ms
 * later, after the client's retransmissions and later messages). A lost exchange is an {@link
 * IOException} to the client, as a broken connection is.
 *
 * <p>Thread-safe; the random sequence is shared, so with several client threads a run is
 * reproducible in its figures, not exchange by exchange.
 */
public final class LossyLink implements Link {
  private final double drop;
  private final double duplicate;
  private final double reorder;
  private final Random random;
  private final AtomicLong exchanges = new AtomicLong();
  private final AtomicLong requestsDropped = new AtomicLong();
  private final AtomicLong responsesDropped = new AtomicLong();
  private final AtomicLong duplicated = new AtomicLong();
  private final AtomicLong reordered = new AtomicLong();

  /**
   * @param drop probability (0..1) that an exchange is lost, half of them before the service sees
   *     the request and half after (its response lost)
   * @param duplicate probability that the request is sent twice
   * @param reorder probability that the request is delivered late, after later ones
   * @param seed the random seed
   */
  public LossyLink(double drop, double duplicate, double reorder, long seed) {
    if (drop < 0 || duplicate < 0 || reorder < 0 || drop + duplicate + reorder > 1) {
      throw new IllegalArgumentException("probabilities must be >= 0 and add up to at most 1");
    }
    this.drop = drop;
    this.duplicate = duplicate;
    this.reorder = reorder;
    this.random = new Random(seed);
  }

  @Override
  public HttpResponse<byte[]> exchange(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    exchanges.incrementAndGet();
    double p;
    long delayMs;
    synchronized (random) {
      p = random.nextDouble();
      delayMs = 100 + random.nextInt(1_900);
    }
    if (p < drop / 2) {
      requestsDropped.incrementAndGet();
      throw new IOException("soak: request lost");
    }
    if (p < drop) {
      responsesDropped.incrementAndGet();
      client.send(request, HttpResponse.BodyHandlers.discarding());
      throw new IOException("soak: response lost");
    }
    if (p < drop + duplicate) {
      duplicated.incrementAndGet();
      client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
      return whileUp(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }
    if (p < drop + duplicate + reorder) {
      reordered.incrementAndGet();
      CompletableFuture.runAsync(
          () -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()),
          CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS));
      throw new IOException("soak: request delayed");
    }
    return whileUp(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
  }

  /**
   * A server being killed or restarted answers with its container's error page (404 before the
   * application is deployed, 503): to the client that is a lost exchange, not a SOAP answer.
   */
  private static HttpResponse<byte[]> whileUp(HttpResponse<byte[]> r) throws IOException {
    boolean soap =
        r.headers().firstValue("Content-Type").map(t -> t.contains("soap+xml")).orElse(false);
    if (r.statusCode() >= 400 && !soap) {
      throw new IOException("soak: HTTP " + r.statusCode() + " without SOAP (server restarting)");
    }
    return r;
  }

  /** HTTP exchanges the client attempted. */
  public long exchanges() {
    return exchanges.get();
  }

  public long requestsDropped() {
    return requestsDropped.get();
  }

  public long responsesDropped() {
    return responsesDropped.get();
  }

  public long duplicated() {
    return duplicated.get();
  }

  public long reordered() {
    return reordered.get();
  }
}
