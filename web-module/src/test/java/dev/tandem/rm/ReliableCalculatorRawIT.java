package dev.tandem.rm;

import static dev.tandem.testing.Envelopes.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Envelopes;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reliable calculator on real Payara Micro over HTTP, with WCF-shaped raw envelopes: the
 * sample, exactly-once retries, ordering across a gap, and every fault for bad input — each a SOAP
 * fault, never an HTML 500 or a stack trace, and never a change to the Sequence.
 */
@ExtendWith(ArquillianExtension.class)
class ReliableCalculatorRawIT {
  @ArquillianResource private URL base;
  private SoapClient soap;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/tandem.war"));
  }

  @BeforeEach
  void client() throws Exception {
    URI uri = base.toURI().resolve("service.svc");
    Envelopes.to(uri.toString());
    soap = new SoapClient(uri);
  }

  private String create(String rm, String offer) throws Exception {
    SoapClient.Reply r = soap.post(createSequence(rm, offer, "urn:uuid:cs-" + offer));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String p = rm.equals(RM10) ? "r10" : "r11";
    return soap.x("//" + p + ":CreateSequenceResponse/" + p + ":Identifier", r.body());
  }

  private static String offer() {
    return "urn:uuid:" + java.util.UUID.randomUUID();
  }

  @Test
  void theWcfSampleOverRm10WithRetriesExecutedOnce() throws Exception {
    String seq = create(RM10, offer());
    SoapClient.Reply add = soap.post(calc(RM10, seq, 1, "Add", "100", "15.99"));
    assertThat(add.status()).isEqualTo(200);
    assertThat(add.contentType()).startsWith("application/soap+xml");
    assertThat(soap.x("//c:AddResult", add.body())).isEqualTo("115.99");
    assertThat(soap.x("//r10:Sequence/r10:MessageNumber", add.body())).isEqualTo("1");

    // The retry gets the stored reply: same reply number, nothing executed again.
    SoapClient.Reply retry = soap.post(calc(RM10, seq, 1, "Add", "100", "15.99"));
    assertThat(soap.x("//c:AddResult", retry.body())).isEqualTo("115.99");
    assertThat(soap.x("//r10:Sequence/r10:MessageNumber", retry.body())).isEqualTo("1");

    SoapClient.Reply sub = soap.post(calc(RM10, seq, 2, "Subtract", "145", "76.54"));
    assertThat(soap.x("//c:SubtractResult", sub.body())).isEqualTo("68.46");
    // Had the retry run the service again, this reply would be number 3.
    assertThat(soap.x("//r10:Sequence/r10:MessageNumber", sub.body())).isEqualTo("2");
    assertThat(soap.x("//c:MultiplyResult", soap.post(calc(RM10, seq, 3, "Multiply", "9", "81.25")).body()))
        .isEqualTo("731.25");
    SoapClient.Reply div = soap.post(calc(RM10, seq, 4, "Divide", "22", "7"));
    assertThat(Double.parseDouble(soap.x("//c:DivideResult", div.body()))).isEqualTo(22.0 / 7);
    assertThat(soap.x("//r10:AcknowledgementRange/@Upper", div.body())).isEqualTo("4");

    SoapClient.Reply last = soap.post(lastMessage(seq, 5));
    assertThat(soap.x("//a:Action", last.body())).isEqualTo(RM10 + "/LastMessage");
    SoapClient.Reply term = soap.post(terminate(RM10, seq, null));
    assertThat(term.status()).isEqualTo(200);
    assertThat(soap.x("//r10:TerminateSequence/r10:Identifier", term.body())).isNotEmpty();
    // Terminated by the client: UnknownSequence (WS-RM 1.1 §4.4), as WCF answers.
    SoapClient.Reply after = soap.post(calc(RM10, seq, 6, "Add", "1", "1"));
    assertThat(soap.x("//s:Subcode/s:Value", after.body())).isEqualTo("r:UnknownSequence");
  }

  @Test
  void aGapIsHeldThenFilledInOrder() throws Exception {
    String seq = create(RM11, offer());
    SoapClient.Reply held = soap.post(calc(RM11, seq, 2, "Multiply", "6", "7"));
    assertThat(soap.x("//a:Action", held.body())).isEqualTo(RM11 + "/SequenceAcknowledgement");
    assertThat(soap.x("//r11:AcknowledgementRange/@Lower", held.body())).isEqualTo("2");
    SoapClient.Reply first = soap.post(calc(RM11, seq, 1, "Add", "1", "2"));
    assertThat(soap.x("//c:AddResult", first.body())).isEqualTo("3.0");
    assertThat(soap.x("//r11:AcknowledgementRange/@Upper", first.body())).isEqualTo("2");
    SoapClient.Reply second = soap.post(calc(RM11, seq, 2, "Multiply", "6", "7"));
    assertThat(soap.x("//c:MultiplyResult", second.body())).isEqualTo("42.0");
    assertThat(soap.x("//r11:Sequence/r11:MessageNumber", second.body())).isEqualTo("2");
    SoapClient.Reply close = soap.post(Envelopes.close(seq, 2));
    assertThat(soap.x("count(//r11:SequenceAcknowledgement/r11:Final)", close.body())).isEqualTo("1");
    assertThat(soap.x("//s:Subcode/s:Value", soap.post(calc(RM11, seq, 3, "Add", "1", "1")).body()))
        .isEqualTo("r:SequenceClosed");
    SoapClient.Reply term = soap.post(terminate(RM11, seq, "2"));
    assertThat(soap.x("//r11:TerminateSequenceResponse/r11:Identifier", term.body())).isEqualTo(seq);
  }

  @Test
  void badInputGetsSoapFaultsAndChangesNothing() throws Exception {
    assertFault(soap.post(calc(RM10, "urn:uuid:no-such", 1, "Add", "1", "1")), "r:UnknownSequence");
    assertFault(soap.post(createSequence(RM10, null, "urn:uuid:no-offer")), "r:CreateSequenceRefused");
    String plain =
        envelope(RM10, addressing(CALC + "/ICalculator/Add", "urn:uuid:p"),
            "<Add xmlns=\"" + CALC + "\"><n1>1</n1><n2>2</n2></Add>");
    assertFault(soap.post(plain), "r:WSRMRequired");

    String seq = create(RM10, offer());
    assertFault(soap.post(calc(RM10, seq, 1, "Power", "1", "2")), "a:ActionNotSupported");
    assertFault(soap.post("<not-xml"), null);
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            + calc(RM10, seq, 1, "Add", "&e;", "1");
    assertFault(soap.post(xxe), null);
    String laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + calc(RM10, seq, 1, "Add", "&b;", "1");
    assertFault(soap.post(laughs), null);
    byte[] huge = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    byte[] env = calc(RM10, seq, 1, "Add", "1", "1").getBytes(StandardCharsets.UTF_8);
    System.arraycopy(env, 0, huge, 0, env.length);
    SoapClient.Reply tooLarge = soap.post(huge);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(soap.x("//s:Reason/s:Text", tooLarge.body())).contains("maximum size");

    // None of that touched the Sequence: number 1 is still free and runs once now.
    SoapClient.Reply ok = soap.post(calc(RM10, seq, 1, "Add", "1", "2"));
    assertThat(soap.x("//c:AddResult", ok.body())).isEqualTo("3.0");
    assertThat(soap.x("//r10:Sequence/r10:MessageNumber", ok.body())).isEqualTo("1");

    SoapClient.Reply nan = soap.post(calc(RM10, seq, 2, "Add", "abc", "1"));
    assertThat(nan.status()).isEqualTo(500);
    assertThat(soap.x("//s:Fault/s:Code/s:Value", nan.body())).endsWith(":Sender");
    assertThat(soap.x("//s:Fault/s:Reason/s:Text", nan.body())).contains("'abc'");
    assertThat(nan.body()).doesNotContain("at dev.tandem", "at com.sun", "Exception:");
  }

  @Test
  void concurrentSessionsEachGetTheirOwnResults() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int s = 0; s < 16; s++) {
        final int k = s;
        results.add(
            pool.submit(
                () -> {
                  String seq = create(RM10, offer());
                  for (int n = 1; n <= 10; n++) {
                    SoapClient.Reply r =
                        soap.post(calc(RM10, seq, n, "Multiply", Integer.toString(k), Integer.toString(n)));
                    double got = Double.parseDouble(soap.x("//c:MultiplyResult", r.body()));
                    if (got != (double) k * n
                        || !soap.x("//r10:Sequence/r10:MessageNumber", r.body()).equals(Integer.toString(n))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void assertFault(SoapClient.Reply r, String subcode) {
    assertThat(r.status()).as(r.body()).isEqualTo(500);
    assertThat(r.contentType()).startsWith("application/soap+xml");
    assertThat(soap.x("count(//s:Fault)", r.body())).isEqualTo("1");
    if (subcode != null) {
      assertThat(soap.x("//s:Fault/s:Code/s:Subcode/s:Value", r.body())).isEqualTo(subcode);
    }
    assertThat(soap.x("//s:Fault/s:Reason/s:Text", r.body())).isNotBlank();
    assertThat(r.body()).doesNotContain("at dev.tandem", "at com.sun", "Exception:");
  }
}
