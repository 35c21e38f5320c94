package dev.tandem.client.soak;

import dev.tandem.client.rm.InboundLink;
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

  /** What the link does to one exchange. */
  private enum Fate {
    REQUEST_LOST,
    RESPONSE_LOST,
    DUPLICATED,
    REORDERED,
    DELIVERED
  }

  private record Draw(Fate fate, long delayMs) {}

  private Draw draw() {
    exchanges.incrementAndGet();
    double p;
    long delayMs;
    synchronized (random) {
      p = random.nextDouble();
      delayMs = 100 + random.nextInt(1_900);
    }
    Fate fate;
    if (p < drop / 2) {
      requestsDropped.incrementAndGet();
      fate = Fate.REQUEST_LOST;
    } else if (p < drop) {
      responsesDropped.incrementAndGet();
      fate = Fate.RESPONSE_LOST;
    } else if (p < drop + duplicate) {
      duplicated.incrementAndGet();
      fate = Fate.DUPLICATED;
    } else if (p < drop + duplicate + reorder) {
      reordered.incrementAndGet();
      fate = Fate.REORDERED;
    } else {
      fate = Fate.DELIVERED;
    }
    return new Draw(fate, delayMs);
  }

  @Override
  public HttpResponse<byte[]> exchange(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    Draw d = draw();
    switch (d.fate()) {
      case REQUEST_LOST:
        throw new IOException("soak: request lost");
      case RESPONSE_LOST:
        client.send(request, HttpResponse.BodyHandlers.discarding());
        throw new IOException("soak: response lost");
      case DUPLICATED:
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        return whileUp(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
      case REORDERED:
        CompletableFuture.runAsync(
            () -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()),
            CompletableFuture.delayedExecutor(d.delayMs(), TimeUnit.MILLISECONDS));
        throw new IOException("soak: request delayed");
      default:
        return whileUp(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }
  }

  /**
   * The same network in front of the client's callback listener (dual HTTP), drawing from the same
   * random sequence and counted in the same figures: per arriving message, it is lost before the
   * client sees it, seen with its 202 lost, seen twice, or seen 100–2000 ms later while the service
   * sees a lost exchange at once (so its retransmission may come first).
   */
  public InboundLink inbound() {
    return (answer, deliver) -> {
      Draw d = draw();
      switch (d.fate()) {
        case REQUEST_LOST:
          return;
        case RESPONSE_LOST:
          deliver.run();
          return;
        case DUPLICATED:
          answer.run();
          deliver.run();
          deliver.run();
          return;
        case REORDERED:
          CompletableFuture.runAsync(deliver, CompletableFuture.delayedExecutor(d.delayMs(), TimeUnit.MILLISECONDS));
          return;
        default:
          answer.run();
          deliver.run();
      }
    };
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

  /** HTTP exchanges attempted: the client's requests and the messages arriving at its listener. */
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
