package dev.tandem.mc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.testing.Envelopes;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.xml.transform.stream.StreamSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * The Reliable Secure Profile sample with raw envelopes, as WCF's RSP client sends them: a client
 * that opens no listener, uses an MC anonymous ReplyTo, and receives its callback on the HTTP
 * response of a WS-MakeConnection poll, inside the Sequence it offered.
 */
@ExtendWith(ArquillianExtension.class)
class MakeConnectionIT {
  private static final String RM10 = Envelopes.RM10;
  private static final String MC = "http://docs.oasis-open.org/ws-rx/wsmc/200702";
  private static final String TEMPURI = "http://tempuri.org/";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @ArquillianResource private URL base;
  private final JAXPXPathEngine xpath = new JAXPXPathEngine();

  {
    xpath.setNamespaceContext(
        Map.of(
            "s", "http://www.w3.org/2003/05/soap-envelope",
            "a", "http://www.w3.org/2005/08/addressing",
            "r", RM10,
            "mc", MC,
            "t", TEMPURI));
  }

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/tandem.war"));
  }

  private String x(String path, String xml) {
    return xpath.evaluate(path, new StreamSource(new StringReader(xml)));
  }

  private URI endpoint() throws Exception {
    return base.toURI().resolve("service.svc/rsp");
  }

  private HttpResponse<String> post(String envelope) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(endpoint())
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String addressing(String action, String replyTo) throws Exception {
    return "<a:Action s:mustUnderstand=\"1\">" + action + "</a:Action>"
        + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
        + "<a:ReplyTo><a:Address>" + replyTo + "</a:Address></a:ReplyTo>"
        + "<a:To s:mustUnderstand=\"1\">" + endpoint() + "</a:To>";
  }

  private String poll(String address, String ackHeader) throws Exception {
    String env =
        Envelopes.envelope(
                RM10,
                (ackHeader == null ? "" : ackHeader) + addressing(MC + "/MakeConnection", address),
                "<mc:MakeConnection><mc:Address>" + address + "</mc:Address></mc:MakeConnection>")
            .replace("<s:Envelope ", "<s:Envelope xmlns:mc=\"" + MC + "\" ");
    return env;
  }

  /** One RSP client: MC anonymous address, offered Sequence, request Sequence. */
  private final class Client {
    final String address = MC + "/anonymous?id=" + UUID.randomUUID();
    final String offer = "urn:uuid:" + UUID.randomUUID();
    String id;

    void open() throws Exception {
      HttpResponse<String> r =
          post(
              Envelopes.envelope(
                  RM10,
                  addressing(RM10 + "/CreateSequence", address),
                  "<r:CreateSequence><r:AcksTo><a:Address>" + address + "</a:Address></r:AcksTo>"
                      + "<r:Offer><r:Identifier>" + offer + "</r:Identifier></r:Offer></r:CreateSequence>"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      id = x("//r:CreateSequenceResponse/r:Identifier", r.body());
      assertThat(id).startsWith("urn:uuid:");
    }

    HttpResponse<String> processData(long n, String text) throws Exception {
      return post(
          Envelopes.envelope(
              RM10,
              Envelopes.sequence(id, n, false) + addressing(TEMPURI + "IProcessDataDuplex/ProcessData", address),
              "<ProcessData xmlns=\"" + TEMPURI + "\"><rawData>" + text + "</rawData></ProcessData>"));
    }

    CompletableFuture<HttpResponse<String>> pollAsync(String ack) throws Exception {
      return HTTP.sendAsync(
          HttpRequest.newBuilder(endpoint())
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/soap+xml; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(poll(address, ack), StandardCharsets.UTF_8))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    String ack(long upTo) {
      return "<r:SequenceAcknowledgement><r:Identifier>" + offer + "</r:Identifier>"
          + "<r:AcknowledgementRange Lower=\"1\" Upper=\"" + upTo + "\"/></r:SequenceAcknowledgement>";
    }
  }

  @Test
  void theSampleCallsBackOnAHeldPollInsideTheOfferedSequence() throws Exception {
    Client c = new Client();
    c.open();
    HttpResponse<String> ack = c.processData(1, "abc");
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(x("//a:Action", ack.body())).isEqualTo(RM10 + "/SequenceAcknowledgement");
    assertThat(x("//r:AcknowledgementRange/@Upper", ack.body())).isEqualTo("1");

    long start = System.nanoTime();
    HttpResponse<String> callback = c.pollAsync(null).get();
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
    assertThat(x("//a:Action", callback.body())).isEqualTo(TEMPURI + "IProcessDataDuplex/SendProcessedData");
    assertThat(x("//t:SendProcessedData/t:processedData", callback.body()))
        .isEqualTo("Computed hash of 'abc' is '900150983CD24FB0D6963F7D28E17F72'");
    assertThat(x("//r:Sequence/r:Identifier", callback.body())).isEqualTo(c.offer);
    assertThat(x("//r:Sequence/r:MessageNumber", callback.body())).isEqualTo("1");
    assertThat(x("//mc:MessagePending/@pending", callback.body())).isEqualTo("false");
    assertThat(x("//a:To", callback.body())).isEqualTo(c.address);
    // The sample's deliberate delay: the poll was held, not answered 202 and polled again.
    assertThat(waitedMs).isGreaterThan(2_000);

    String term =
        Envelopes.envelope(
            RM10,
            c.ack(1) + addressing(RM10 + "/TerminateSequence", c.address),
            "<r:TerminateSequence><r:Identifier>" + c.id + "</r:Identifier></r:TerminateSequence>");
    HttpResponse<String> t = post(term);
    assertThat(t.statusCode()).isEqualTo(200);
    assertThat(x("//r:TerminateSequence/r:Identifier", t.body())).isEqualTo(c.offer);
  }

  @Test
  void aClientThatOffersNothingGetsTandemsCreateSequenceOnAPollThenItsCallback() throws Exception {
    String address = MC + "/anonymous?id=" + UUID.randomUUID();
    HttpResponse<String> created =
        post(
            Envelopes.envelope(
                RM10,
                addressing(RM10 + "/CreateSequence", address),
                "<r:CreateSequence><r:AcksTo><a:Address>" + address + "</a:Address></r:AcksTo>"
                    + "</r:CreateSequence>"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = x("//r:CreateSequenceResponse/r:Identifier", created.body());
    assertThat(x("count(//r:Accept)", created.body())).isEqualTo("0");
    HttpResponse<String> ack =
        post(
            Envelopes.envelope(
                RM10,
                Envelopes.sequence(id, 1, false)
                    + addressing(TEMPURI + "IProcessDataDuplex/ProcessData", address),
                "<ProcessData xmlns=\"" + TEMPURI + "\"><rawData>abc</rawData></ProcessData>"));
    assertThat(x("//r:AcknowledgementRange/@Upper", ack.body())).isEqualTo("1");

    // WS-MC 1.1 §3: Tandem, RM Source of the callback direction, asks for a Sequence on a poll.
    HttpResponse<String> cs = post(poll(address, null));
    assertThat(cs.statusCode()).as(cs.body()).isEqualTo(200);
    assertThat(x("//a:Action", cs.body())).isEqualTo(RM10 + "/CreateSequence");
    assertThat(x("//a:To", cs.body())).isEqualTo(address);
    assertThat(x("//a:ReplyTo/a:Address", cs.body())).isEqualTo(endpoint().toString());
    assertThat(x("//r:CreateSequence/r:AcksTo/a:Address", cs.body()))
        .isEqualTo(endpoint().toString());
    String messageId = x("//a:MessageID", cs.body());
    assertThat(messageId).startsWith("urn:uuid:");

    String callbackSequence = "urn:uuid:" + UUID.randomUUID();
    HttpResponse<String> answered =
        post(
            Envelopes.envelope(
                RM10,
                "<a:Action s:mustUnderstand=\"1\">" + RM10 + "/CreateSequenceResponse</a:Action>"
                    + "<a:RelatesTo>" + messageId + "</a:RelatesTo>"
                    + "<a:To s:mustUnderstand=\"1\">" + endpoint() + "</a:To>",
                "<r:CreateSequenceResponse><r:Identifier>" + callbackSequence + "</r:Identifier>"
                    + "</r:CreateSequenceResponse>"));
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);

    HttpResponse<String> callback = post(poll(address, null));
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
    assertThat(x("//t:SendProcessedData/t:processedData", callback.body()))
        .isEqualTo("Computed hash of 'abc' is '900150983CD24FB0D6963F7D28E17F72'");
    assertThat(x("//r:Sequence/r:Identifier", callback.body())).isEqualTo(callbackSequence);
    assertThat(x("//r:Sequence/r:MessageNumber", callback.body())).isEqualTo("1");

    HttpResponse<String> t =
        post(
            Envelopes.envelope(
                RM10,
                "<r:SequenceAcknowledgement><r:Identifier>" + callbackSequence + "</r:Identifier>"
                    + "<r:AcknowledgementRange Lower=\"1\" Upper=\"1\"/></r:SequenceAcknowledgement>"
                    + addressing(RM10 + "/TerminateSequence", address),
                "<r:TerminateSequence><r:Identifier>" + id + "</r:Identifier></r:TerminateSequence>"));
    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
    assertThat(x("//r:TerminateSequence/r:Identifier", t.body())).isEqualTo(callbackSequence);
  }

  @Test
  void twoClientsOnlySeeTheirOwnCallbacksAndQueuedMessagesSayPending() throws Exception {
    Client one = new Client();
    Client two = new Client();
    one.open();
    two.open();
    one.processData(1, "one");
    one.processData(2, "uno");
    two.processData(1, "two");
    HttpResponse<String> first = one.pollAsync(null).get();
    HttpResponse<String> second = two.pollAsync(null).get();
    assertThat(x("//t:processedData", first.body())).startsWith("Computed hash of 'one'");
    assertThat(x("//mc:MessagePending/@pending", first.body())).isEqualTo("true");
    assertThat(x("//t:processedData", second.body())).startsWith("Computed hash of 'two'");
    HttpResponse<String> next = one.pollAsync(one.ack(1)).get();
    assertThat(x("//t:processedData", next.body())).startsWith("Computed hash of 'uno'");
    assertThat(x("//r:Sequence/r:MessageNumber", next.body())).isEqualTo("2");
  }

  @Test
  void badPollsGetMakeConnectionFaults() throws Exception {
    String noAddress =
        Envelopes.envelope(RM10, addressing(MC + "/MakeConnection", Envelopes.ANON), "<mc:MakeConnection/>")
            .replace("<s:Envelope ", "<s:Envelope xmlns:mc=\"" + MC + "\" ");
    HttpResponse<String> missing = post(noAddress);
    assertThat(missing.statusCode()).isEqualTo(500);
    assertThat(x("//s:Subcode/s:Value", missing.body())).isEqualTo("mc:MissingSelection");
    assertThat(x("//a:Action", missing.body())).isEqualTo(MC + "/fault");

    String withIdentifier =
        poll(MC + "/anonymous?id=" + UUID.randomUUID(), null)
            .replace("</mc:Address>", "</mc:Address><mc:Identifier>urn:uuid:x</mc:Identifier>");
    assertThat(x("//s:Subcode/s:Value", post(withIdentifier).body())).isEqualTo("mc:UnsupportedSelection");

    String guessable = poll(MC + "/anonymous?id=1", null);
    assertThat(x("//s:Subcode/s:Value", post(guessable).body())).isEqualTo("mc:UnsupportedSelection");
  }

  @Test
  void aPollForAnUnknownIdIsHeldThenAccepted() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = new Client().pollAsync(null).get();
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEmpty();
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(10_000);
  }

  @Test
  void theDuplexCalculatorServesAClientWithoutListenerToo() throws Exception {
    String address = MC + "/anonymous?id=" + UUID.randomUUID();
    URI duplex = base.toURI().resolve("service.svc/duplex");
    String ns = "http://Microsoft.ServiceModel.Samples";
    java.util.function.Function<String, String> addr =
        action ->
            "<a:Action s:mustUnderstand=\"1\">" + action + "</a:Action><a:MessageID>urn:uuid:"
                + UUID.randomUUID() + "</a:MessageID><a:ReplyTo><a:Address>" + address
                + "</a:Address></a:ReplyTo><a:To s:mustUnderstand=\"1\">" + duplex + "</a:To>";
    java.util.function.Function<String, HttpResponse<String>> send =
        env -> {
          try {
            return HTTP.send(
                HttpRequest.newBuilder(duplex)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/soap+xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(env, StandardCharsets.UTF_8))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    String offer = "urn:uuid:" + UUID.randomUUID();
    HttpResponse<String> csr =
        send.apply(
            Envelopes.envelope(
                RM10,
                addr.apply(RM10 + "/CreateSequence"),
                "<r:CreateSequence><r:AcksTo><a:Address>" + address + "</a:Address></r:AcksTo>"
                    + "<r:Offer><r:Identifier>" + offer + "</r:Identifier></r:Offer></r:CreateSequence>"));
    String id = x("//r:CreateSequenceResponse/r:Identifier", csr.body());
    send.apply(
        Envelopes.envelope(
            RM10,
            Envelopes.sequence(id, 1, false) + addr.apply(ns + "/ICalculatorDuplex/AddTo"),
            "<AddTo xmlns=\"" + ns + "\"><n>3</n></AddTo>"));
    String poll =
        Envelopes.envelope(RM10, addr.apply(MC + "/MakeConnection"),
                "<mc:MakeConnection><mc:Address>" + address + "</mc:Address></mc:MakeConnection>")
            .replace("<s:Envelope ", "<s:Envelope xmlns:mc=\"" + MC + "\" ");
    HttpResponse<String> callback = send.apply(poll);
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
    assertThat(x("//a:Action", callback.body())).isEqualTo(ns + "/ICalculatorDuplex/Equals");
    assertThat(x("//r:Sequence/r:Identifier", callback.body())).isEqualTo(offer);
    assertThat(callback.body()).contains("<result>3.0</result>");
  }

  @Test
  void theWsdlAdvertisesMakeConnectionNextToReliableMessagingAndAddressing() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(endpoint() + "?wsdl")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    String wsdl = r.body();
    JAXPXPathEngine w = new JAXPXPathEngine();
    w.setNamespaceContext(
        Map.of(
            "wsdl", "http://schemas.xmlsoap.org/wsdl/",
            "wsp", "http://schemas.xmlsoap.org/ws/2004/09/policy",
            "wsaw", "http://www.w3.org/2006/05/addressing/wsdl",
            "wsrm", "http://schemas.xmlsoap.org/ws/2005/02/rm/policy",
            "wsmc", MC,
            "soap12", "http://schemas.xmlsoap.org/wsdl/soap12/"));
    java.util.function.Function<String, String> q =
        path -> w.evaluate(path, new StreamSource(new StringReader(wsdl)));
    // One policy alternative holds all three, and the binding refers to it.
    String all = "//wsp:Policy/wsp:ExactlyOne/wsp:All";
    assertThat(q.apply("count(" + all + "[wsmc:MCSupported][wsrm:RMAssertion][wsaw:UsingAddressing])"))
        .isEqualTo("1");
    assertThat(q.apply("//wsdl:binding/wsp:PolicyReference/@URI"))
        .isEqualTo("#" + q.apply("//wsp:Policy/@*[local-name()='Id']"));
    assertThat(q.apply("//wsdl:definitions/@targetNamespace")).isEqualTo(TEMPURI);
    assertThat(q.apply("//wsdl:portType/@name")).isEqualTo("IProcessDataDuplex");
    assertThat(q.apply("//wsdl:portType/wsdl:operation[@name='ProcessData']/wsdl:input/@wsaw:Action"))
        .isEqualTo(TEMPURI + "IProcessDataDuplex/ProcessData");
    assertThat(q.apply("count(//wsdl:portType/wsdl:operation[@name='ProcessData']/wsdl:output)")).isEqualTo("0");
    assertThat(q.apply("//wsdl:portType/wsdl:operation[@name='SendProcessedData']/wsdl:output/@wsaw:Action"))
        .isEqualTo(TEMPURI + "IProcessDataDuplex/SendProcessedData");
    assertThat(q.apply("count(//wsdl:portType/wsdl:operation[@name='SendProcessedData']/wsdl:input)")).isEqualTo("0");
    assertThat(q.apply("//soap12:address/@location")).isEqualTo(endpoint().toString());
  }

  @Test
  void anyMessageWithTheMcAnonymousReplyToCanCarryAPendingCallback() throws Exception {
    Client c = new Client();
    c.open();
    c.processData(1, "xyz");
    // A standalone acknowledgement (nothing to answer but 202) from the same client...
    String ack =
        Envelopes.envelope(
            RM10,
            "<r:SequenceAcknowledgement><r:Identifier>" + c.id + "</r:Identifier>"
                + "<r:AcknowledgementRange Lower=\"1\" Upper=\"1\"/></r:SequenceAcknowledgement>"
                + addressing(RM10 + "/SequenceAcknowledgement", c.address),
            "");
    // (202 until the callback is due, after the sample's 5 s)
    HttpResponse<String> r =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> post(ack), answer -> answer.statusCode() != 202);
    // ...gets the pending callback on its back channel, as a poll would.
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(x("//t:processedData", r.body())).startsWith("Computed hash of 'xyz'");
    assertThat(x("//r:Sequence/r:Identifier", r.body())).isEqualTo(c.offer);
  }
}
