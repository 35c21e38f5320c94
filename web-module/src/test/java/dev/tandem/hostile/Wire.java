package dev.tandem.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * Posting to the live server and reading its answers as DOM: fault codes are compared as resolved
 * QNames (the prefix is the server's choice), never as strings.
 */
final class Wire {
  static final Map<String, String> NS =
      Map.of(
          "s", Expected.S12,
          "a", HostileCases.WSA,
          "r10", dev.tandem.testing.Envelopes.RM10,
          "r11", dev.tandem.testing.Envelopes.RM11,
          "c", dev.tandem.testing.Envelopes.CALC);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final JAXPXPathEngine XPATH = new JAXPXPathEngine();

  static {
    XPATH.setNamespaceContext(NS);
  }

  private Wire() {}

  /** POSTs with the JDK client; a connection the server drops is {@link Expected#CLOSED_OR_STATUS}. */
  static RawHttp.Answer post(URI endpoint, byte[] body, String contentType) throws InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(120))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new RawHttp.Answer(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    } catch (IOException closed) {
      return new RawHttp.Answer(Expected.CLOSED_OR_STATUS, null, new byte[0]);
    }
  }

  /** As {@link #post(URI, byte[], String)} on a new client: its first request asks for h2c. */
  static RawHttp.Answer postUpgrade(URI endpoint, byte[] body, String contentType)
      throws IOException, InterruptedException {
    HttpClient fresh =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<byte[]> r =
        fresh.send(
            HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return new RawHttp.Answer(
        r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
  }

  static RawHttp.Answer post(URI endpoint, String soap12) throws InterruptedException {
    return post(endpoint, soap12.getBytes(StandardCharsets.UTF_8), HostileCases.SOAP12_CT);
  }

  static int get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static String x(String xpath, byte[] xml) {
    return XPATH.evaluate(xpath, new DOMSource(parse(xml)));
  }

  static Document parse(byte[] xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new AssertionError("answer is not XML: " + new String(xml, StandardCharsets.UTF_8), e);
    }
  }

  /** Checks an answer against what the case expects. */
  static void verify(Expected e, RawHttp.Answer a) {
    String body = new String(a.body(), StandardCharsets.UTF_8);
    if (a.status() == Expected.CLOSED_OR_STATUS) {
      assertThat(e.mayClose()).as("server closed the connection without an answer").isTrue();
      return;
    }
    assertThat(a.status()).as("HTTP status; body: %s", abbreviate(body)).isEqualTo(e.status());
    if (e.ok()) {
      Document d = parse(a.body());
      assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo(Expected.S12);
      assertThat(d.getElementsByTagNameNS(Expected.S12, "Fault").getLength()).as(body).isZero();
      if (e.expires() != null) {
        // WS-RM 1.1 §3.4: the granted Expires (either RM namespace); none means "never".
        org.w3c.dom.NodeList granted = d.getElementsByTagNameNS("*", "Expires");
        if (e.expires().isEmpty()) {
          assertThat(granted.getLength()).as("Expires in %s", body).isZero();
        } else {
          assertThat(granted.getLength()).as("Expires in %s", body).isEqualTo(1);
          assertThat(granted.item(0).getTextContent()).as(body).isEqualTo(e.expires());
        }
      }
      return;
    }
    if (e.soapNs() == null) {
      return;
    }
    assertThat(a.contentType())
        .as("Content-Type")
        .startsWith(e.soapNs().equals(Expected.S12) ? "application/soap+xml" : "text/xml");
    Document d = parse(a.body());
    Element env = d.getDocumentElement();
    assertThat(new QName(env.getNamespaceURI(), env.getLocalName()))
        .isEqualTo(new QName(e.soapNs(), "Envelope"));
    Element fault = child(child(env, e.soapNs(), "Body"), e.soapNs(), "Fault");
    assertThat(fault).as("s:Fault in %s", body).isNotNull();
    String reason;
    if (e.soapNs().equals(Expected.S12)) {
      Element code = child(fault, Expected.S12, "Code");
      assertThat(qname(child(code, Expected.S12, "Value"))).as(body).isEqualTo(e.code());
      Element sub = child(code, Expected.S12, "Subcode");
      if (!e.subcodes().isEmpty()) {
        assertThat(sub).as("Subcode in %s", body).isNotNull();
        assertThat(qname(child(sub, Expected.S12, "Value"))).as(body).isIn(e.subcodes());
      }
      if (e.subsubcode() != null) {
        Element subsub = child(sub, Expected.S12, "Subcode");
        assertThat(subsub).as("second Subcode in %s", body).isNotNull();
        assertThat(qname(child(subsub, Expected.S12, "Value"))).isEqualTo(e.subsubcode());
      }
      reason = child(child(fault, Expected.S12, "Reason"), Expected.S12, "Text").getTextContent();
    } else {
      assertThat(qname(child(fault, null, "faultcode"))).as(body).isEqualTo(e.code());
      if (!e.subcodes().isEmpty()) {
        Element header = child(env, Expected.S11, "Header");
        Element seqFault = header == null ? null : firstChild(header, "SequenceFault");
        assertThat(seqFault).as("wsrm:SequenceFault in %s", body).isNotNull();
        assertThat(qname(firstChild(seqFault, "FaultCode"))).isIn(e.subcodes());
      }
      reason = child(fault, null, "faultstring").getTextContent();
    }
    assertThat(reason).isNotBlank().doesNotContain("Exception", "\tat ", "at dev.tandem");
  }

  static Element child(Element parent, String ns, String local) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el
          && local.equals(el.getLocalName())
          && java.util.Objects.equals(ns, el.getNamespaceURI())) {
        return el;
      }
    }
    return null;
  }

  private static Element firstChild(Element parent, String local) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el && local.equals(el.getLocalName())) {
        return el;
      }
    }
    return null;
  }

  /** A QName-valued element's text, its prefix resolved where it stands. */
  static QName qname(Element e) {
    assertThat(e).as("QName element").isNotNull();
    String text = e.getTextContent().trim();
    int colon = text.indexOf(':');
    String prefix = colon < 0 ? null : text.substring(0, colon);
    return new QName(e.lookupNamespaceURI(prefix), text.substring(colon + 1));
  }

  private static String abbreviate(String s) {
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }
}
