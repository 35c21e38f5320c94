package dev.tandem.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.CreateSequence;
import dev.tandem.rm.protocol.CreateSequenceResponse;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.protocol.SequenceHeader;
import dev.tandem.rm.protocol.SequenceLifecycleRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.diff.Diff;

/**
 * The codec against golden envelopes written after WCF's published WS-RM exchanges
 * (shared/reference/wcf-wire.md §4–5): what WCF sends decodes to the right records, and what Tandem
 * writes is XML-equivalent to what WCF writes (prefixes and whitespace aside).
 */
class EnvelopeCodecGoldenTest {
  private final EnvelopeReader reader = new EnvelopeReader();
  private final EnvelopeWriter writer = new EnvelopeWriter();
  private final RmBodyReader bodies = new RmBodyReader();

  private static byte[] golden(String name) throws IOException {
    try (InputStream in = EnvelopeCodecGoldenTest.class.getResourceAsStream("/golden/" + name)) {
      return in.readAllBytes();
    }
  }

  private static void assertSimilar(String goldenName, byte[] actual) throws IOException {
    Diff diff =
        DiffBuilder.compare(golden(goldenName))
            .withTest(actual)
            .ignoreWhitespace()
            .ignoreComments()
            .checkForSimilar()
            .build();
    assertThat(diff.hasDifferences())
        .as(diff + "\n" + new String(actual, StandardCharsets.UTF_8))
        .isFalse();
  }

  @Test
  void readsWcfCreateSequenceRm10() throws IOException {
    InboundEnvelope in = reader.read(golden("rm10-create-sequence.xml"));
    assertThat(in.soapVersion()).isEqualTo(SoapVersion.SOAP_12);
    assertThat(in.rmVersion()).isEqualTo(RmVersion.WSRM_2005_02);
    assertThat(in.action()).isEqualTo("http://schemas.xmlsoap.org/ws/2005/02/rm/CreateSequence");
    assertThat(in.addressing().messageId()).isEqualTo("urn:uuid:c1");
    assertThat(in.addressing().repliesOnBackChannel()).isTrue();
    CreateSequence cs = bodies.createSequence(in.body(), in.rmVersion());
    assertThat(cs.acksTo()).isEqualTo("http://www.w3.org/2005/08/addressing/anonymous");
    assertThat(cs.offer().identifier()).isEqualTo("urn:uuid:OFFERED");
    assertThat(cs.offer().endpoint()).isNull();
  }

  @Test
  void readsWcfCreateSequenceRm11WithOfferEndpointAndBehavior() throws IOException {
    InboundEnvelope in = reader.read(golden("rm11-create-sequence.xml"));
    assertThat(in.rmVersion()).isEqualTo(RmVersion.WSRM_1_1);
    CreateSequence cs = bodies.createSequence(in.body(), in.rmVersion());
    assertThat(cs.offer().endpoint()).isEqualTo("http://www.w3.org/2005/08/addressing/anonymous");
    assertThat(cs.offer().incompleteSequenceBehavior()).isEqualTo("DiscardFollowingFirstGap");
  }

  @Test
  void readsARequestWithSequencePiggyBackedAckAndAckRequested() throws IOException {
    InboundEnvelope in = reader.read(golden("rm10-request.xml"));
    assertThat(in.sequence()).isEqualTo(new SequenceHeader("urn:uuid:REQSEQ", 2, false));
    assertThat(in.acknowledgements())
        .containsExactly(
            new SequenceAcknowledgement(
                "urn:uuid:OFFERED", List.of(new AcknowledgementRange(1, 1)), List.of(), false, false, null));
    assertThat(in.ackRequested()).containsExactly("urn:uuid:REQSEQ");
    assertThat(in.bodyIs("http://Microsoft.ServiceModel.Samples", "Subtract")).isTrue();
  }

  @Test
  void readsLastMessageAndCloseSequence() throws IOException {
    InboundEnvelope last = reader.read(golden("rm10-last-message.xml"));
    assertThat(last.sequence().lastMessage()).isTrue();
    assertThat(last.body()).isNull();
    InboundEnvelope close = reader.read(golden("rm11-close-sequence.xml"));
    assertThat(close.acknowledgements().get(0).fin()).isTrue();
    assertThat(bodies.lifecycle(close.body(), RmVersion.WSRM_1_1))
        .isEqualTo(new SequenceLifecycleRequest("urn:uuid:REQSEQ", 1L));
  }

  @Test
  void acceptsCxfAcknowledgementWithRangesAndNone() {
    String xml =
        "<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope' xmlns:r='http://docs.oasis-open.org/ws-rx/wsrm/200702'>"
            + "<s:Header><r:SequenceAcknowledgement><r:Identifier>urn:uuid:x</r:Identifier>"
            + "<r:AcknowledgementRange Lower='1' Upper='3'/><r:None/></r:SequenceAcknowledgement></s:Header><s:Body/></s:Envelope>";
    InboundEnvelope in = reader.read(xml.getBytes(StandardCharsets.UTF_8));
    assertThat(in.acknowledgements().get(0).ranges()).containsExactly(new AcknowledgementRange(1, 3));
  }

  @Test
  void wcfsEmptyAcknowledgementRangeMeansNothingAcknowledged() {
    String xml =
        "<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope' xmlns:r='http://schemas.xmlsoap.org/ws/2005/02/rm'>"
            + "<s:Header><r:SequenceAcknowledgement><r:Identifier>urn:uuid:x</r:Identifier>"
            + "<r:AcknowledgementRange Lower='0' Upper='0'/></r:SequenceAcknowledgement></s:Header><s:Body/></s:Envelope>";
    assertThat(reader.read(xml.getBytes(StandardCharsets.UTF_8)).acknowledgements().get(0).ranges()).isEmpty();
  }

  @Test
  void refusesDtdsBrokenXmlAndBrokenHeaders() {
    assertThatThrownBy(() -> reader.read("<!DOCTYPE x []><x/>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> reader.read("<s:Envelope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedMessageException.class);
    // SOAP 1.2 Part 1 §5.4.7: a root that is not a SOAP Envelope is a VersionMismatch.
    assertThatThrownBy(() -> reader.read("<Envelope/>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            RmFaultException.class, e -> assertThat(e.fault()).isEqualTo(RmFault.VERSION_MISMATCH));
    String badNumber =
        "<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope' xmlns:r='http://schemas.xmlsoap.org/ws/2005/02/rm'>"
            + "<s:Header><r:Sequence><r:Identifier>x</r:Identifier><r:MessageNumber>-1</r:MessageNumber></r:Sequence></s:Header><s:Body/></s:Envelope>";
    assertThatThrownBy(() -> reader.read(badNumber.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void refusesDeeplyNestedXml() {
    String deep = "<a>".repeat(5000) + "</a>".repeat(5000);
    String env =
        "<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope'><s:Body>" + deep + "</s:Body></s:Envelope>";
    assertThatThrownBy(() -> reader.read(env.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void writesCreateSequenceResponseAsWcf() throws IOException {
    assertSimilar(
        "rm10-create-sequence-response.xml",
        writer.write(
            new OutboundEnvelope(
                SoapVersion.SOAP_12, RmVersion.WSRM_2005_02,
                RmVersion.WSRM_2005_02.action("CreateSequenceResponse"), "urn:uuid:c1", null, null, List.of(),
                new OutboundBody.CreateSequenceResponseBody(
                    new CreateSequenceResponse(
                        "urn:uuid:REQSEQ", "http://localhost:8080/servicemodelsamples/service.svc", null)))));
    assertSimilar(
        "rm11-create-sequence-response.xml",
        writer.write(
            new OutboundEnvelope(
                SoapVersion.SOAP_12, RmVersion.WSRM_1_1,
                RmVersion.WSRM_1_1.action("CreateSequenceResponse"), "urn:uuid:c11", null, null, List.of(),
                new OutboundBody.CreateSequenceResponseBody(
                    new CreateSequenceResponse(
                        "urn:uuid:REQSEQ",
                        "http://localhost:8080/servicemodelsamples/service.svc",
                        "DiscardFollowingFirstGap")))));
  }

  /**
   * A granted Expires (WS-RM 1.1 §3.4, February 2005 §3.4) goes right after Identifier in both
   * schemas, as an xs:duration.
   */
  @Test
  void writesTheGrantedExpiresInCreateSequenceResponse() throws IOException {
    assertSimilar(
        "rm10-create-sequence-response-expires.xml",
        writer.write(
            new OutboundEnvelope(
                SoapVersion.SOAP_12, RmVersion.WSRM_2005_02,
                RmVersion.WSRM_2005_02.action("CreateSequenceResponse"), "urn:uuid:c1", null, null, List.of(),
                new OutboundBody.CreateSequenceResponseBody(
                    new CreateSequenceResponse(
                        "urn:uuid:REQSEQ", "http://localhost:8080/servicemodelsamples/service.svc", null,
                        java.time.Duration.ofMinutes(90))))));
    assertSimilar(
        "rm11-create-sequence-response-expires.xml",
        writer.write(
            new OutboundEnvelope(
                SoapVersion.SOAP_12, RmVersion.WSRM_1_1,
                RmVersion.WSRM_1_1.action("CreateSequenceResponse"), "urn:uuid:c11", null, null, List.of(),
                new OutboundBody.CreateSequenceResponseBody(
                    new CreateSequenceResponse(
                        "urn:uuid:REQSEQ",
                        "http://localhost:8080/servicemodelsamples/service.svc",
                        "DiscardFollowingFirstGap",
                        java.time.Duration.ofSeconds(5))))));
  }

  @Test
  void writesAReplyWithSequenceAndAcknowledgementAsWcf() throws IOException {
    byte[] body =
        "<SubtractResponse xmlns=\"http://Microsoft.ServiceModel.Samples\"><SubtractResult>10.25</SubtractResult></SubtractResponse>"
            .getBytes(StandardCharsets.UTF_8);
    assertSimilar(
        "rm10-reply.xml",
        writer.write(
            new OutboundEnvelope(
                SoapVersion.SOAP_12, RmVersion.WSRM_2005_02,
                "http://Microsoft.ServiceModel.Samples/ICalculator/SubtractResponse", "urn:uuid:m1", null,
                new SequenceHeader("urn:uuid:OFFERED", 1, false),
                List.of(ack("urn:uuid:REQSEQ", 1, 1, false)),
                new OutboundBody.Xml(body))));
  }

  @Test
  void writesTerminateAndCloseResponsesAsWcf() throws IOException {
    assertSimilar(
        "rm10-terminate-reply.xml",
        writer.write(
            new OutboundEnvelope(
                SoapVersion.SOAP_12, RmVersion.WSRM_2005_02,
                RmVersion.WSRM_2005_02.action("TerminateSequence"), "urn:uuid:t1", null, null,
                List.of(ack("urn:uuid:REQSEQ", 1, 2, false)),
                new OutboundBody.IdentifierBody("TerminateSequence", "urn:uuid:OFFERED"))));
    assertSimilar(
        "rm11-close-sequence-response.xml",
        writer.write(
            new OutboundEnvelope(
                SoapVersion.SOAP_12, RmVersion.WSRM_1_1,
                RmVersion.WSRM_1_1.action("CloseSequenceResponse"), "urn:uuid:cl1", null, null,
                List.of(ack("urn:uuid:REQSEQ", 1, 1, true)),
                new OutboundBody.IdentifierBody("CloseSequenceResponse", "urn:uuid:REQSEQ"))));
  }

  @Test
  void writesFaultsAsWcf() throws IOException {
    assertSimilar(
        "rm11-fault-unknown-sequence.xml",
        writer.writeFault(
            SoapVersion.SOAP_12,
            new RmFaultException(RmFault.UNKNOWN_SEQUENCE, RmVersion.WSRM_1_1, "urn:uuid:NOSUCH"),
            "urn:uuid:x1"));
  }

  @Test
  void soap11FaultsCarryTheSequenceFaultHeader() {
    String xml =
        new String(
            writer.writeFault(
                SoapVersion.SOAP_11,
                new RmFaultException(RmFault.UNKNOWN_SEQUENCE, RmVersion.WSRM_2005_02, "urn:uuid:n"),
                null),
            StandardCharsets.UTF_8);
    assertThat(xml).contains("SequenceFault").contains("UnknownSequence").contains("schemas.xmlsoap.org/soap/envelope/");
  }

  /**
   * WCF's dispatcher fault (NetDispatcherFaultException): Sender with subcode DeserializationFailed
   * in the dispatcher namespace and that namespace's fault action; in SOAP 1.1 the subcode is the
   * faultcode, and no RM SequenceFault header is added.
   */
  @Test
  void writesTheDispatchersDeserializationFailedAsWcf() {
    String ns = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher";
    String soap12 =
        new String(
            writer.writeFault(
                SoapVersion.SOAP_12,
                new RmFaultException(RmFault.DESERIALIZATION_FAILED, RmVersion.WSRM_2005_02, null),
                "urn:uuid:x2"),
            StandardCharsets.UTF_8);
    assertThat(soap12)
        .contains(ns + "/fault</")
        .containsPattern("<s:Value>s:Sender</s:Value><s:Subcode><s:Value xmlns:d=\"" + ns
            + "\">d:DeserializationFailed</s:Value>")
        .contains("urn:uuid:x2");
    String soap11 =
        new String(
            writer.writeFault(
                SoapVersion.SOAP_11,
                new RmFaultException(RmFault.DESERIALIZATION_FAILED, RmVersion.WSRM_1_1, null),
                null),
            StandardCharsets.UTF_8);
    assertThat(soap11).contains("d:DeserializationFailed</faultcode>").doesNotContain("SequenceFault");
  }

  private static SequenceAcknowledgement ack(String id, long lower, long upper, boolean fin) {
    return new SequenceAcknowledgement(id, List.of(new AcknowledgementRange(lower, upper)), List.of(), false, fin, 8);
  }

  private static final String S12 = "xmlns:s='http://www.w3.org/2003/05/soap-envelope'";

  private RmFault faultOf(String xml, SoapVersion binding) {
    try {
      reader.read(xml.getBytes(StandardCharsets.UTF_8), binding);
    } catch (RmFaultException e) {
      return e.fault();
    }
    return null;
  }

  @Test
  void enforcesTheSoapEnvelopeRulesAParserDoesNot() {
    String ok = "<s:Envelope " + S12 + "><s:Header/><s:Body/></s:Envelope>";
    assertThat(reader.read(ok.getBytes(StandardCharsets.UTF_8), SoapVersion.SOAP_12)).isNotNull();
    // The Content-Type said SOAP 1.1, the envelope is 1.2 (SOAP 1.1 §4.4.1 / SOAP 1.2 §5.4.7).
    assertThat(faultOf(ok, SoapVersion.SOAP_11)).isEqualTo(RmFault.VERSION_MISMATCH);
    // SOAP 1.2 §5.4.8: a header we do not process, aimed at us, with mustUnderstand.
    String mu = "<s:Envelope " + S12 + "><s:Header><x:H xmlns:x='urn:x' s:mustUnderstand='true'/></s:Header><s:Body/></s:Envelope>";
    assertThat(faultOf(mu, SoapVersion.SOAP_12)).isEqualTo(RmFault.MUST_UNDERSTAND);
    String none = mu.replace("s:mustUnderstand='true'", "s:mustUnderstand='true' s:role='http://www.w3.org/2003/05/soap-envelope/role/none'");
    assertThat(faultOf(none, SoapVersion.SOAP_12)).isNull();
    // WS-A SOAP binding §6.4.1: a repeated addressing header.
    String twice = "<s:Envelope " + S12 + " xmlns:a='http://www.w3.org/2005/08/addressing'><s:Header><a:Action>x</a:Action><a:Action>y</a:Action></s:Header><s:Body/></s:Envelope>";
    assertThat(faultOf(twice, SoapVersion.SOAP_12)).isEqualTo(RmFault.INVALID_CARDINALITY);
    for (String broken :
        new String[] {
          "<s:Envelope " + S12 + "><s:Header><?pi x?></s:Header><s:Body/></s:Envelope>",
          "<s:Envelope " + S12 + "><s:Body/><s:Body/></s:Envelope>",
          "<s:Envelope " + S12 + "><s:Body/><s:Header/></s:Envelope>",
          "<s:Envelope " + S12 + "><s:Body/><x xmlns='urn:x'/></s:Envelope>",
          "<s:Envelope " + S12 + ">text<s:Body/></s:Envelope>",
          mu.replace("'true'", "'yes'"),
        }) {
      assertThatThrownBy(() -> reader.read(broken.getBytes(StandardCharsets.UTF_8), SoapVersion.SOAP_12))
          .as(broken)
          .isInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void messageNumbersAreAsciiDigitsAndBeyondTheMaximumReadAsTheMaximum() {
    java.util.function.Function<String, String> seq =
        n ->
            "<s:Envelope " + S12 + " xmlns:r='http://schemas.xmlsoap.org/ws/2005/02/rm'><s:Header><r:Sequence><r:Identifier>x</r:Identifier><r:MessageNumber>"
                + n
                + "</r:MessageNumber></r:Sequence></s:Header><s:Body/></s:Envelope>";
    assertThat(reader.read(seq.apply("99999999999999999999").getBytes(StandardCharsets.UTF_8)).sequence().messageNumber())
        .isEqualTo(Long.MAX_VALUE);
    assertThat(reader.read(seq.apply(" 7 ").getBytes(StandardCharsets.UTF_8)).sequence().messageNumber()).isEqualTo(7);
    for (String bad : new String[] {"\u0663", "\uff11", "1e3", "0x10", "", "1.5"}) {
      assertThatThrownBy(() -> reader.read(seq.apply(bad).getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOf(MalformedMessageException.class);
    }
  }
}
