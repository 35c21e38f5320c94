package dev.tandem.web;

import dev.tandem.endpoint.EndpointTable;
import dev.tandem.endpoint.HostedEndpoint;
import dev.tandem.endpoint.WsdlDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves each hosted service's WSDL (a WCF-shaped document with the binding policy that makes svcutil
 * and wsimport build a reliable client: WS-Addressing 1.0 and the RM assertion). The address is the
 * one the client used, so a WSDL fetched through a proxy or over HTTPS names that address. Which
 * paths have a document, from which template ({@code /wsdl/<template>.xml}) and with the RM assertion
 * or not, is the {@link EndpointTable}'s to say.
 *
 * <p>{@code /service.svc/basic} (the calculator without a reliable session) has no RM assertion.
 * {@code ?wsdl} advertises WS-RM February 2005 (WCF's default); {@code ?wsdl&rm=1.1} the same
 * service with the WS-RM 1.1 assertion. The endpoint speaks both either way.
 *
 * <p>Fetched over HTTPS, the policy also carries {@code sp:TransportBinding} (HttpsToken without a
 * client certificate, Basic256, Strict layout), which is what WCF publishes for a custom binding with
 * reliableSession + httpsTransport; svcutil then configures {@code <httpsTransport/>}. {@code
 * /service.svc/secure} is the same calculator, HTTPS only.
 *
 * <p>{@code /service.svc/rsp} (IProcessDataDuplex, the Reliable Secure Profile sample) also carries
 * {@code wsmc:MCSupported}: its callbacks are delivered on WS-MakeConnection polls.
 */
@ApplicationScoped
public class WsdlPublisher {
  private final EndpointTable table;
  private final Map<String, String> templates = new ConcurrentHashMap<>();

  /** For CDI: the documents of the {@link EndpointTable#SAMPLES}. */
  public WsdlPublisher() {
    this(EndpointTable.SAMPLES);
  }

  /** The documents of the endpoints in {@code table}. */
  public WsdlPublisher(EndpointTable table) {
    this.table = table;
  }

  /** True when a WSDL is published for {@code endpoint} (normalised path). */
  public boolean publishes(String endpoint) {
    return table.at(endpoint).isPresent();
  }

  /**
   * The WSDL of the service at {@code endpoint}.
   *
   * @param endpoint normalised service path, e.g. {@code /service.svc}
   * @param address absolute URL of the endpoint as the client reached it
   * @param rm11 true for the WS-RM 1.1 policy, false for February 2005
   * @return UTF-8 bytes
   * @throws IllegalArgumentException when no WSDL exists for that endpoint
   */
  public byte[] wsdl(String endpoint, String address, boolean rm11) {
    return wsdl(endpoint, address, rm11, false);
  }

  /**
   * The WSDL of the service at {@code endpoint}; with {@code https}, including WCF's transport
   * security assertion.
   *
   * @param https true when the client fetched it over HTTPS
   */
  public byte[] wsdl(String endpoint, String address, boolean rm11, boolean https) {
    HostedEndpoint hosted =
        table
            .at(endpoint)
            .orElseThrow(() -> new IllegalArgumentException("no WSDL for " + endpoint));
    WsdlDocument document = hosted.service().wsdl();
    String doc = templates.computeIfAbsent(document.template(), WsdlPublisher::load);
    // The RM assertion (WS-RM Policy 1.1 §2) tells the client the endpoint requires a Sequence.
    String policy =
        hosted.reliable()
            ? templates.computeIfAbsent(rm11 ? "rm11-policy" : "rm10-policy", WsdlPublisher::load)
            : "";
    String transport = https ? templates.computeIfAbsent("https-policy", WsdlPublisher::load) : "";
    for (Map.Entry<String, String> v : document.parameters().entrySet()) {
      doc = doc.replace("@" + v.getKey() + "@", v.getValue());
    }
    return doc.replace("@TRANSPORT_ASSERTION@", transport)
        .replace("@RM_ASSERTION@", policy)
        .replace("@ADDRESS@", escape(address))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String load(String name) {
    try (InputStream in = WsdlPublisher.class.getResourceAsStream("/wsdl/" + name + ".xml")) {
      if (in == null) {
        throw new IllegalStateException("missing /wsdl/" + name + ".xml");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
  }
}
