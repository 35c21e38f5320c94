package dev.tandem.bench;

import dev.tandem.client.rm.Envelope;
import dev.tandem.client.rm.HttpTransport;
import dev.tandem.client.rm.Message;
import dev.tandem.client.rm.Ns;
import dev.tandem.client.rm.RetryPolicy;
import dev.tandem.client.rm.RmSource;
import dev.tandem.client.rm.RmVersion;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * Tandem's own client library (the client module): with {@code reliable} an {@link RmSource} per
 * session (WS-RM 1.0 with an Offer, anonymous ReplyTo: each reply on its request's HTTP response, in
 * memory); without it, one SOAP 1.2 + WS-Addressing request per call, as to {@code
 * /service.svc/basic}.
 */
final class TandemClient implements SessionFactory {
  static final String ADD = ICalculator.NS + "/ICalculator/Add";
  /** How long one HTTP request may take: long enough that a 30 s stall shows as a slow call. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

  private final URI endpoint;
  private final boolean reliable;

  TandemClient(URI endpoint, boolean reliable) {
    this.endpoint = endpoint;
    this.reliable = reliable;
  }

  @Override
  public Session open() throws InterruptedException {
    HttpTransport transport = new HttpTransport(null, null);
    return reliable ? reliable(transport) : plain(transport);
  }

  private Session reliable(HttpTransport transport) throws InterruptedException {
    RmSource source =
        new RmSource(transport, endpoint, RmVersion.RM10, Ns.ANONYMOUS, RetryPolicy.DEFAULT, REQUEST_TIMEOUT);
    source.open();
    return new Session() {
      @Override
      public double add(double n1, double n2) throws Exception {
        return result(source.request(ADD, (e, body) -> addBody(e, body, n1, n2)));
      }

      @Override
      public long transmissions() {
        return source.transmissions();
      }

      @Override
      public void close() throws InterruptedException {
        source.close();
      }
    };
  }

  private Session plain(HttpTransport transport) {
    return new Session() {
      private long sent;

      @Override
      public double add(double n1, double n2) throws IOException, InterruptedException {
        Envelope e =
            Envelope.create(RmVersion.RM10)
                .addressing(ADD, "urn:uuid:" + UUID.randomUUID(), Ns.ANONYMOUS, endpoint.toString());
        addBody(e, e.body(), n1, n2);
        sent++;
        HttpTransport.Response r = transport.post(endpoint, e, REQUEST_TIMEOUT);
        if (r.message() == null) {
          throw new IOException("HTTP " + r.status() + " without a reply");
        }
        return result(r.message());
      }

      @Override
      public long transmissions() {
        return sent;
      }

      @Override
      public void close() {}
    };
  }

  /** {@code <Add xmlns="NS"><n1>..</n1><n2>..</n2></Add>} in {@code body}. */
  private static void addBody(Envelope e, Element body, double n1, double n2) {
    Element add = e.element(body, ICalculator.NS, "Add");
    add.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", ICalculator.NS);
    e.element(add, ICalculator.NS, "n1", Double.toString(n1));
    e.element(add, ICalculator.NS, "n2", Double.toString(n2));
  }

  private static double result(Message reply) throws IOException {
    if (reply.isFault()) {
      throw new IOException("fault: " + reply.faultSummary());
    }
    String text = reply.payloadText(ICalculator.NS, "AddResult");
    if (text == null) {
      throw new IOException("no AddResult in " + reply.action());
    }
    return Double.parseDouble(text.trim());
  }
}
