package dev.tandem.client.rm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** What the RM Source puts on the wire, read back as a received message would be. */
class SourceEnvelopesTest {
  private static final String CLIENT = "http://127.0.0.1:9000/client/";
  private static final String SERVICE = "http://127.0.0.1:8080/service.svc";

  private static Message read(Envelope e) throws IOException {
    return Message.parse(e.toBytes());
  }

  private static SourceEnvelopes envelopes(RmVersion rm, Inbox inbox) {
    return new SourceEnvelopes(rm, CLIENT, SERVICE, inbox);
  }

  @Test
  void createSequenceOffersASequenceAndIn11ItsEndpoint() throws IOException {
    RmVersion rm = RmVersion.RM11;
    Message m = read(envelopes(rm, new Inbox(rm, new OutboundSequence())).createSequence("urn:uuid:cs", "urn:uuid:o"));
    assertThat(m.action()).isEqualTo(rm.action("CreateSequence"));
    assertThat(m.messageId()).isEqualTo("urn:uuid:cs");
    assertThat(m.to()).isEqualTo(SERVICE);
    assertThat(m.acks(rm)).isEmpty();
    Element offer = Message.child(m.payload(), rm.ns(), "Offer");
    assertThat(Message.text(Message.child(offer, rm.ns(), "Identifier"))).isEqualTo("urn:uuid:o");
    assertThat(Message.child(offer, rm.ns(), "Endpoint")).isNotNull();
    assertThat(Message.text(Message.child(offer, rm.ns(), "IncompleteSequenceBehavior")))
        .isEqualTo("DiscardFollowingFirstGap");
    assertThat(Message.child(m.payload(), rm.ns(), "AcksTo")).isNotNull();

    RmVersion feb2005 = RmVersion.RM10;
    Message old =
        read(envelopes(feb2005, new Inbox(feb2005, new OutboundSequence())).createSequence("urn:uuid:cs", "urn:uuid:o"));
    Element oldOffer = Message.child(old.payload(), feb2005.ns(), "Offer");
    assertThat(Message.child(oldOffer, feb2005.ns(), "Endpoint")).isNull();
    assertThat(Message.child(oldOffer, feb2005.ns(), "IncompleteSequenceBehavior")).isNull();
  }

  @Test
  void applicationMessagesAcknowledgeTheOfferedSequenceOnceSomethingArrived() throws IOException {
    RmVersion rm = RmVersion.RM10;
    Inbox inbox = new Inbox(rm, new OutboundSequence());
    SourceEnvelopes envelopes = envelopes(rm, inbox);
    RmSource.BodyWriter body =
        (e, b) -> {
          Element ping = e.element(b, "urn:test", "Ping", "1");
          ping.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", "urn:test");
        };

    Message first = read(envelopes.application("urn:test:Ping", "urn:uuid:m1", "urn:uuid:s", 1, body));
    assertThat(first.sequence(rm)).contains(new Message.Sequence("urn:uuid:s", 1, false));
    assertThat(first.headerElement(rm.ns(), "AckRequested")).isNotNull();
    assertThat(first.acks(rm)).isEmpty();
    assertThat(first.payload().getLocalName()).isEqualTo("Ping");
    assertThat(Message.text(first.payload())).isEqualTo("1");

    Envelope callback = Envelope.create(rm).sequence(inbox.offeredId(), 1, false);
    callback.addressing("urn:test:Callback", "urn:uuid:cb1", null, CLIENT);
    inbox.accept(read(callback));
    Message second = read(envelopes.application("urn:test:Ping", "urn:uuid:m2", "urn:uuid:s", 2, body));
    assertThat(second.acks(rm)).hasSize(1);
    assertThat(second.acks(rm).get(0).id()).isEqualTo(inbox.offeredId());
    assertThat(second.acks(rm).get(0).covers(1)).isTrue();
  }

  @Test
  void closeAndTerminateIn11CarryLastMsgNumberAndAFinalAcknowledgementEvenOfNothing() throws IOException {
    RmVersion rm = RmVersion.RM11;
    Inbox inbox = new Inbox(rm, new OutboundSequence());
    SourceEnvelopes envelopes = envelopes(rm, inbox);
    for (Message m :
        new Message[] {
          read(envelopes.closeSequence("urn:uuid:c", "urn:uuid:s", 4)),
          read(envelopes.terminateSequence("urn:uuid:t", "urn:uuid:s", 4))
        }) {
      assertThat(Message.text(Message.child(m.payload(), rm.ns(), "Identifier"))).isEqualTo("urn:uuid:s");
      assertThat(Message.text(Message.child(m.payload(), rm.ns(), "LastMsgNumber"))).isEqualTo("4");
      assertThat(m.acks(rm)).singleElement().satisfies(a -> {
        assertThat(a.id()).isEqualTo(inbox.offeredId());
        assertThat(a.fin()).isTrue();
      });
    }
  }

  @Test
  void feb2005LastMessageAndTerminateSequence() throws IOException {
    RmVersion rm = RmVersion.RM10;
    SourceEnvelopes envelopes = envelopes(rm, new Inbox(rm, new OutboundSequence()));
    Message last = read(envelopes.lastMessage("urn:uuid:l", "urn:uuid:s", 3));
    assertThat(last.action()).isEqualTo(rm.action("LastMessage"));
    assertThat(last.sequence(rm)).contains(new Message.Sequence("urn:uuid:s", 3, true));
    assertThat(last.payload()).isNull();

    Message terminate = read(envelopes.terminateSequence("urn:uuid:t", "urn:uuid:s"));
    assertThat(terminate.action()).isEqualTo(rm.action("TerminateSequence"));
    assertThat(Message.text(Message.child(terminate.payload(), rm.ns(), "Identifier"))).isEqualTo("urn:uuid:s");
    assertThat(Message.child(terminate.payload(), rm.ns(), "LastMsgNumber")).isNull();
    assertThat(terminate.acks(rm)).isEmpty();
  }

  @Test
  void makeConnectionNamesTheAddressPolled() throws IOException {
    RmVersion rm = RmVersion.RM11;
    Message m = read(envelopes(rm, new Inbox(rm, new OutboundSequence())).makeConnection("urn:uuid:mc", "urn:x"));
    assertThat(m.action()).isEqualTo(Ns.MAKE_CONNECTION);
    assertThat(m.payload().getLocalName()).isEqualTo("MakeConnection");
    assertThat(m.payloadText(Ns.MC, "Address")).isEqualTo("urn:x");
  }
}
