package dev.tandem.bench;

import com.sun.xml.ws.api.fastinfoset.FastInfosetFeature;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Service;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * Metro 4's own JAX-WS client: SOAP 1.2, WS-Addressing, FastInfoset off. With {@code reliable} it
 * runs WS-RM 1.0 (February 2005), as a WCF client does: Metro turns RM on from the RM assertion of
 * the WSDL it is given, which is the calculator WSDL Tandem publishes (its template, filled in here
 * for the target address), so that every server gets the same client. Each {@link Session} is its
 * own proxy, hence its own Sequence (with an offered reverse Sequence).
 */
final class MetroClient implements SessionFactory {
  static final QName SERVICE = new QName(ICalculator.NS, "CalculatorService");
  static final QName PORT = new QName(ICalculator.NS, "WSHttpBinding_ICalculator");
  /** Connect timeout, ms. */
  static final int CONNECT_TIMEOUT_MS = 10_000;
  /** Request timeout, ms: long enough that a 30 s stall shows as a slow call, not as an error. */
  static final int REQUEST_TIMEOUT_MS = 120_000;

  private final Service service;

  MetroClient(URI endpoint, boolean reliable) throws IOException {
    Path wsdl = Files.createTempFile("tandem-bench-calculator", ".wsdl");
    wsdl.toFile().deleteOnExit();
    Files.writeString(wsdl, wsdl(endpoint.toString(), reliable));
    this.service = Service.create(wsdl.toUri().toURL(), SERVICE);
  }

  /** Tandem's calculator WSDL for {@code address}, with the RM 1.0 policy assertion or without. */
  static String wsdl(String address, boolean reliable) {
    String escaped = address.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    return resource("calculator.xml")
        .replace("@TRANSPORT_ASSERTION@", "")
        .replace("@RM_ASSERTION@", reliable ? resource("rm10-policy.xml") : "")
        .replace("@ADDRESS@", escaped);
  }

  private static String resource(String name) {
    try (InputStream in = MetroClient.class.getResourceAsStream("/wsdl/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing /wsdl/" + name + " (built from web-module's WSDL templates)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Session open() {
    ICalculator port;
    synchronized (service) {
      port = service.getPort(PORT, ICalculator.class, new FastInfosetFeature(false));
    }
    Map<String, Object> ctx = ((BindingProvider) port).getRequestContext();
    ctx.put("com.sun.xml.ws.connect.timeout", CONNECT_TIMEOUT_MS);
    ctx.put("com.sun.xml.ws.request.timeout", REQUEST_TIMEOUT_MS);
    return new Session() {
      @Override
      public double add(double n1, double n2) {
        return port.add(n1, n2);
      }

      @Override
      public void close() throws IOException {
        ((Closeable) port).close();
      }
    };
  }
}
