package dev.tandem.rm;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.xml.transform.stream.StreamSource;
import org.xmlunit.xpath.JAXPXPathEngine;

/** Posts raw envelopes to a live Tandem over HTTP and reads answers with XPath (test helper). */
public final class SoapClient {
  static final Map<String, String> NS =
      Map.of(
          "s", "http://www.w3.org/2003/05/soap-envelope",
          "a", "http://www.w3.org/2005/08/addressing",
          "r10", "http://schemas.xmlsoap.org/ws/2005/02/rm",
          "r11", "http://docs.oasis-open.org/ws-rx/wsrm/200702",
          "c", "http://Microsoft.ServiceModel.Samples",
          "netrm", "http://schemas.microsoft.com/ws/2006/05/rm");

  // HTTP/1.1 as WCF's clients (no h2c upgrade: a full Payara Server's HTTP listener accepts one and
  // later drops the idle HTTP/2 connection under the client).
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final JAXPXPathEngine xpath = new JAXPXPathEngine();

  public SoapClient(URI endpoint) {
    this.endpoint = endpoint;
    xpath.setNamespaceContext(NS);
  }

  /** The HTTP answer: status and body. */
  public record Reply(int status, String contentType, String body) {}

  public Reply post(String envelope) throws Exception {
    return post(envelope.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public Reply post(byte[] envelope) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(envelope))
            .build();
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    return new Reply(
        resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""), resp.body());
  }

  public String x(String path, String xml) {
    return xpath.evaluate(path, new StreamSource(new StringReader(xml)));
  }
}
