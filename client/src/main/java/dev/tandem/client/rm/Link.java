package dev.tandem.client.rm;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The network between the client and the service, as {@link HttpTransport} sees it: one call per
 * HTTP exchange. {@link #PERFECT} sends the request and returns the response; a soak test plugs in a
 * link that drops, duplicates or delays exchanges (see {@code dev.tandem.client.soak.LossyLink}).
 */
@FunctionalInterface
public interface Link {
  /** Every request sent once, every response returned. */
  Link PERFECT = (client, request) -> client.send(request, HttpResponse.BodyHandlers.ofByteArray());

  /**
   * Carries one exchange.
   *
   * @return the response the client sees
   * @throws IOException when the exchange is lost (the RM Source retransmits)
   */
  HttpResponse<byte[]> exchange(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException;
}
