package dev.tandem.client.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class EnvelopeTest {
  private static final String CALC = "http://Microsoft.ServiceModel.Samples";

  @Test
  void applicationMessageCarriesSequenceAckRequestedAckAndAddressing() throws IOException {
    Envelope e =
        Envelope.create(RmVersion.RM10)
            .sequence("urn:uuid:req", 3, false)
            .ackRequested("urn:uuid:req")
            .sequenceAcknowledgement("urn:uuid:offer", List.of(new long[] {1, 2}, new long[] {4, 4}), false)
            .addressing(CALC + "/ICalculator/Add", "urn:uuid:m1", Ns.ANONYMOUS, "http://localhost:8080/servicemodelsamples/service.svc");
    Element add = e.element(e.body(), CALC, "Add");
    add.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", CALC);
    e.element(add, CALC, "n1", "100");
    e.element(add, CALC, "n2", "15.99");

    String xml = new String(e.toBytes(), StandardCharsets.UTF_8);
    assertThat(xml).startsWith("<s:Envelope").contains("xmlns:r=\"http://schemas.xmlsoap.org/ws/2005/02/rm\"");
    assertThat(xml).contains("<Add xmlns=\"" + CALC + "\"><n1>100</n1><n2>15.99</n2></Add>");

    Message m = Message.parse(e.toBytes());
    assertThat(m.action()).isEqualTo(CALC + "/ICalculator/Add");
    assertThat(m.messageId()).isEqualTo("urn:uuid:m1");
    assertThat(m.to()).isEqualTo("http://localhost:8080/servicemodelsamples/service.svc");
    assertThat(m.sequence(RmVersion.RM10)).contains(new Message.Sequence("urn:uuid:req", 3, false));
    assertThat(m.sequence(RmVersion.RM11)).isEmpty();
    Message.Ack ack = m.acks(RmVersion.RM10).get(0);
    assertThat(ack.id()).isEqualTo("urn:uuid:offer");
    assertThat(ack.covers(2)).isTrue();
    assertThat(ack.covers(3)).isFalse();
    assertThat(ack.covers(4)).isTrue();
    assertThat(m.payload().getLocalName()).isEqualTo("Add");
    assertThat(m.payloadText(CALC, "n2")).isEqualTo("15.99");
    assertThat(m.headerElement(Ns.WSA, "Action").getAttributeNS(Ns.SOAP, "mustUnderstand")).isEqualTo("1");
    assertThat(m.isFault()).isFalse();
  }

  @Test
  void rm11FinalAckAndLastMessageFlag() throws IOException {
    Envelope e =
        Envelope.create(RmVersion.RM11)
            .sequence("urn:uuid:s", 7, false)
            .sequenceAcknowledgement("urn:uuid:o", List.of(), true)
            .addressing(RmVersion.RM11.action("CloseSequence"), "urn:uuid:c", Ns.ANONYMOUS, "http://x/");
    Message m = Message.parse(e.toBytes());
    Message.Ack ack = m.acks(RmVersion.RM11).get(0);
    assertThat(ack.fin()).isTrue();
    assertThat(ack.ranges()).hasSize(1);
    assertThat(ack.ranges().get(0)).containsExactly(0, 0);

    Message last = Message.parse(Envelope.create(RmVersion.RM10).sequence("urn:uuid:s", 2, true).toBytes());
    assertThat(last.sequence(RmVersion.RM10).orElseThrow().last()).isTrue();
  }

  @Test
  void makeConnectionPrefixIsDeclared() throws IOException {
    Envelope e = Envelope.create(RmVersion.RM10).addressing(Ns.MAKE_CONNECTION, "urn:uuid:p", Ns.ANONYMOUS, "http://x/");
    Element mc = e.element(e.body(), Ns.MC, "mc:MakeConnection");
    e.element(mc, Ns.MC, "mc:Address", Ns.MC_ANONYMOUS_PREFIX + "123");
    Message m = Message.parse(e.toBytes());
    assertThat(m.payload().getNamespaceURI()).isEqualTo(Ns.MC);
    assertThat(m.payloadText(Ns.MC, "Address")).isEqualTo(Ns.MC_ANONYMOUS_PREFIX + "123");
  }

  @Test
  void textIsEscapedByTheDom() throws IOException {
    Envelope e = Envelope.create(RmVersion.RM10);
    Element p = e.element(e.body(), "http://tempuri.org/", "ProcessData");
    e.element(p, "http://tempuri.org/", "rawData", "<a&b>");
    assertThat(new String(e.toBytes(), StandardCharsets.UTF_8)).contains("&lt;a&amp;b&gt;");
    assertThat(Message.parse(e.toBytes()).payloadText("http://tempuri.org/", "rawData")).isEqualTo("<a&b>");
  }

  @Test
  void readsSoap12Faults() throws IOException {
    Envelope e = Envelope.create(RmVersion.RM11);
    Element fault = e.element(e.body(), Ns.SOAP, "s:Fault");
    Element code = e.element(fault, Ns.SOAP, "s:Code");
    e.element(code, Ns.SOAP, "s:Value", "s:Sender");
    e.element(e.element(code, Ns.SOAP, "s:Subcode"), Ns.SOAP, "s:Value", "r:UnknownSequence");
    e.element(e.element(fault, Ns.SOAP, "s:Reason"), Ns.SOAP, "s:Text", "not known");
    Message m = Message.parse(e.toBytes());
    assertThat(m.isFault()).isTrue();
    assertThat(m.faultSummary()).isEqualTo("s:Sender/r:UnknownSequence: not known");
  }

  @Test
  void refusesDoctypeAndNonSoap() {
    byte[] xxe =
        ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<s:Envelope xmlns:s=\"" + Ns.SOAP + "\"><s:Body>&e;</s:Body></s:Envelope>")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Message.parse(xxe)).isInstanceOf(IOException.class).hasMessageContaining("DOCTYPE");
    assertThatThrownBy(() -> Message.parse("<html/>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a SOAP 1.2 envelope");
  }

  @Test
  void rangesCollapseContiguousNumbers() {
    assertThat(OfferedSequence.ranges(java.util.Set.of(1L, 2L, 3L, 5L, 7L, 8L)))
        .containsExactly(new long[] {1, 3}, new long[] {5, 5}, new long[] {7, 8});
    assertThat(OfferedSequence.ranges(java.util.Set.of())).isEmpty();
  }

  @Test
  void backOffDoublesUpToTheCap() {
    RetryPolicy p = new RetryPolicy(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(500), 8);
    assertThat(p.interval(1).toMillis()).isEqualTo(100);
    assertThat(p.interval(2).toMillis()).isEqualTo(200);
    assertThat(p.interval(3).toMillis()).isEqualTo(400);
    assertThat(p.interval(4).toMillis()).isEqualTo(500);
    assertThat(p.interval(8).toMillis()).isEqualTo(500);
  }
}
