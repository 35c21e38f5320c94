package dev.tandem.rm;

import static dev.tandem.testing.Envelopes.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Envelopes;
import org.junit.jupiter.api.Test;

/**
 * Durability across a crash: the uber-jar is killed with SIGKILL mid-Sequence and started again on
 * the same PostgreSQL database. The client's retry of its last message gets the original reply (not a
 * second execution), a message held ahead of a gap before the crash is delivered after it, and the
 * Sequence goes on.
 */
class RestartIT {

  @Test
  void aSequenceSurvivesSigkillOnPostgresql() throws Exception {
    String jdbc = System.getenv("TANDEM_JDBC_URL");
    assertThat(jdbc)
        .as("RestartIT runs on PostgreSQL: run `bash scripts/verify.sh` or set TANDEM_TEST_JDBC_URL")
        .isNotBlank()
        .startsWith("jdbc:postgresql:");
    int port = TandemServer.freePort();
    String seq;
    String offer = "urn:uuid:" + java.util.UUID.randomUUID();
    SoapClient soap;
    String reply3;
    try (TandemServer first = TandemServer.start(port, "first.log")) {
      soap = new SoapClient(first.endpoint());
      Envelopes.to(first.endpoint().toString());
      SoapClient.Reply cs = soap.post(createSequence(RM10, offer, "urn:uuid:restart-cs"));
      seq = soap.x("//r10:CreateSequenceResponse/r10:Identifier", cs.body());
      assertThat(soap.x("//c:AddResult", soap.post(calc(RM10, seq, 1, "Add", "100", "15.99")).body()))
          .isEqualTo("115.99");
      soap.post(calc(RM10, seq, 2, "Subtract", "145", "76.54"));
      reply3 = soap.post(calc(RM10, seq, 3, "Multiply", "9", "81.25")).body();
      assertThat(soap.x("//c:MultiplyResult", reply3)).isEqualTo("731.25");
      // Number 5 arrives ahead of 4: held and acknowledged, not yet executed.
      SoapClient.Reply held = soap.post(calc(RM10, seq, 5, "Add", "1", "1"));
      assertThat(soap.x("//r10:AcknowledgementRange[@Lower='5']/@Upper", held.body())).isEqualTo("5");
      first.kill();
    }

    try (TandemServer second = TandemServer.start(port, "second.log")) {
      soap = new SoapClient(second.endpoint());
      SoapClient.Reply retry3 = soap.post(calc(RM10, seq, 3, "Multiply", "9", "81.25"));
      assertThat(soap.x("//c:MultiplyResult", retry3.body())).isEqualTo("731.25");
      assertThat(soap.x("//r10:Sequence/r10:MessageNumber", retry3.body()))
          .isEqualTo(soap.x("//r10:Sequence/r10:MessageNumber", reply3))
          .isEqualTo("3");

      SoapClient.Reply four = soap.post(calc(RM10, seq, 4, "Divide", "22", "7"));
      assertThat(Double.parseDouble(soap.x("//c:DivideResult", four.body()))).isEqualTo(22.0 / 7);
      assertThat(soap.x("//r10:Sequence/r10:MessageNumber", four.body())).isEqualTo("4");
      assertThat(soap.x("//r10:AcknowledgementRange/@Upper", four.body())).isEqualTo("5");

      SoapClient.Reply five = soap.post(calc(RM10, seq, 5, "Add", "1", "1"));
      assertThat(soap.x("//c:AddResult", five.body())).isEqualTo("2.0");
      assertThat(soap.x("//r10:Sequence/r10:MessageNumber", five.body())).isEqualTo("5");

      assertThat(soap.x("//a:Action", soap.post(lastMessage(seq, 6)).body()))
          .isEqualTo(RM10 + "/LastMessage");
      assertThat(soap.post(terminate(RM10, seq, null)).status()).isEqualTo(200);
    }
  }
}
