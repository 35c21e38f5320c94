package dev.tandem.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.CreateSequenceResponse;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encodings that differ between WS-RM February 2005 and WS-RM 1.1, as the protocol variation
 * decides them and the codec writes them (the golden envelopes cover one version of each).
 */
class VersionEncodingTest {
  private final EnvelopeWriter writer = new EnvelopeWriter();

  private String write(RmVersion rm, SequenceAcknowledgement ack, OutboundBody body) {
    return new String(
        writer.write(
            new OutboundEnvelope(
                SoapVersion.SOAP_12, rm, rm.action("X"), "urn:uuid:r", null, null,
                ack == null ? List.of() : List.of(ack), body)),
        StandardCharsets.UTF_8);
  }

  private static SequenceAcknowledgement ack(boolean fin, AcknowledgementRange... ranges) {
    return new SequenceAcknowledgement("urn:uuid:A", List.of(ranges), List.of(), false, fin, null);
  }

  @Test
  void nothingAcknowledgedYet() {
    // WS-RM 1.1 §3.9: None. February 2005 §3.2 has none: WCF's Lower=0 Upper=0 (WCF B1402).
    assertThat(write(RmVersion.WSRM_1_1, ack(false), new OutboundBody.Empty()))
        .contains("<r:None/>")
        .doesNotContain("AcknowledgementRange");
    assertThat(write(RmVersion.WSRM_2005_02, ack(false), new OutboundBody.Empty()))
        .contains("Lower=\"0\"")
        .contains("Upper=\"0\"")
        .doesNotContain("None");
  }

  @Test
  void finalOnlyInWsrm11() {
    AcknowledgementRange r = new AcknowledgementRange(1, 3);
    assertThat(write(RmVersion.WSRM_1_1, ack(true, r), new OutboundBody.Empty()))
        .contains("<r:Final/>");
    assertThat(write(RmVersion.WSRM_2005_02, ack(true, r), new OutboundBody.Empty()))
        .doesNotContain("Final");
  }

  @Test
  void incompleteSequenceBehaviorOnlyInWsrm11() {
    OutboundBody csr =
        new OutboundBody.CreateSequenceResponseBody(
            new CreateSequenceResponse("urn:uuid:S", null, "DiscardFollowingFirstGap"));
    assertThat(write(RmVersion.WSRM_1_1, null, csr))
        .contains("<r:IncompleteSequenceBehavior>DiscardFollowingFirstGap<");
    assertThat(write(RmVersion.WSRM_2005_02, null, csr)).doesNotContain("IncompleteSequenceBehavior");
  }

  @Test
  void faultActionPerVersion() {
    String v11 = fault(RmVersion.WSRM_1_1);
    String feb = fault(RmVersion.WSRM_2005_02);
    // WS-RM 1.1 §4: its own fault Action; February 2005: WS-Addressing 1.0's default, as WCF.
    assertThat(v11)
        .contains(">http://docs.oasis-open.org/ws-rx/wsrm/200702/fault<")
        .contains("xmlns:r=\"http://docs.oasis-open.org/ws-rx/wsrm/200702\"");
    assertThat(feb)
        .contains(">http://www.w3.org/2005/08/addressing/fault<")
        .contains("xmlns:r=\"http://schemas.xmlsoap.org/ws/2005/02/rm\"");
  }

  private String fault(RmVersion rm) {
    return new String(
        writer.writeFault(
            SoapVersion.SOAP_12,
            new RmFaultException(RmFault.SEQUENCE_TERMINATED, rm, "urn:uuid:S"),
            "urn:uuid:rel"),
        StandardCharsets.UTF_8);
  }
}
