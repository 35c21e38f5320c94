package dev.tandem.engine;

import static dev.tandem.testing.Envelopes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.codec.EnvelopeReader;
import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.codec.SoapVersion;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Callback addresses are checked where they enter: a duplex or RSP CreateSequence naming an address
 * Tandem cannot or may not POST to is refused and stores nothing; an ordinary message with such a
 * ReplyTo/FaultTo gets wsa:InvalidAddressingHeader (issue #14).
 */
class CallbackAddressCheckTest {
  private static final String CLIENT = "http://127.0.0.1:9/client/";
  private static final String MC_ANON =
      "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=3f2504e0-4f89-11d3-9a0c-0305e82c3301";

  private final InMemoryRmStore store = new InMemoryRmStore();
  private final InMemoryOutboundStore outbound = new InMemoryOutboundStore();
  private final ApplicationInvoker duplex =
      new ApplicationInvoker() {
        @Override
        public boolean isDuplex(String endpoint) {
          return !endpoint.equals("/calc");
        }

        @Override
        public boolean supports(String endpoint, String action) {
          return true;
        }

        @Override
        public ApplicationReply invoke(Invocation invocation) {
          return null;
        }
      };
  private final RmSettings settings =
      new RmSettings(600_000, 8, 1_000, 8, 1_000, 10_000, CallbackPolicy.DEFAULT);
  private final ProtocolDispatcher dispatcher =
      new RmEngine(store, outbound, duplex, settings, Clock.systemUTC()).dispatcher();

  private Answer post(String xml, String endpoint) {
    return dispatcher.dispatch(
        new EnvelopeReader().read(xml.getBytes(StandardCharsets.UTF_8)), endpoint, TO);
  }

  /** A CreateSequence whose AcksTo, Offer Endpoint (1.1) and ReplyTo are as given. */
  private static String openRequest(String rm, String acksTo, String endpoint, String replyTo) {
    String cs = createSequence(rm, "urn:uuid:offer", "urn:uuid:cs");
    cs = cs.replaceFirst("<a:ReplyTo><a:Address>[^<]*</a:Address>", "<a:ReplyTo><a:Address>" + replyTo + "</a:Address>");
    cs = cs.replaceFirst("<r:AcksTo><a:Address>[^<]*</a:Address>", "<r:AcksTo><a:Address>" + acksTo + "</a:Address>");
    return cs.replaceFirst("<r:Endpoint><a:Address>[^<]*</a:Address>", "<r:Endpoint><a:Address>" + endpoint + "</a:Address>");
  }

  private void assertRefused(String envelope, String endpoint, String... reasonParts) {
    assertThatThrownBy(() -> post(envelope, endpoint))
        .isInstanceOfSatisfying(
            RmFaultException.class,
            e -> {
              assertThat(e.fault()).isEqualTo(RmFault.CREATE_SEQUENCE_REFUSED);
              assertThat(e.reason()).contains(reasonParts);
              // The reason reaches the wire.
              assertThat(new String(new EnvelopeWriter().writeFault(SoapVersion.SOAP_12, e, null), StandardCharsets.UTF_8))
                  .contains("CreateSequenceRefused", reasonParts[0]);
            });
    assertThat(store.sequences).as("nothing stored").isEmpty();
    assertThat(outbound.messages).as("nothing queued").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "ftp://127.0.0.1/cb",
        "mailto:ops@example.com",
        "http://exa mple.com/",
        "/myClient/relative",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]:8000/",
      })
  void aDuplexCreateSequenceWithAnUnusableAcksToIsRefused(String address) {
    assertRefused(openRequest(RM10, address, ANON, CLIENT), "/d", "wsrm:AcksTo", address);
    assertRefused(openRequest(RM11, address, CLIENT, CLIENT), "/d", "wsrm:AcksTo");
    assertRefused(openRequest(RM11, CLIENT, address, CLIENT), "/d", "wsrm:Offer/wsrm:Endpoint");
    assertRefused(openRequest(RM10, CLIENT, ANON, address), "/d", "wsa:ReplyTo");
    // The RSP client (MakeConnection) and the request-reply calculator are held to the same rule.
    assertRefused(openRequest(RM11, MC_ANON, address, MC_ANON), "/rsp", "wsrm:Offer/wsrm:Endpoint");
    assertRefused(openRequest(RM10, address, ANON, ANON), "/calc", "wsrm:AcksTo");
  }

  @Test
  void usableAddressesStillOpenSessions() {
    assertThat(post(openRequest(RM10, CLIENT, ANON, CLIENT), "/d")).isInstanceOf(Answer.Accepted.class);
    assertThat(post(openRequest(RM11, "http://localhost:8000/myClient/", CLIENT, ANON)
        .replace("urn:uuid:offer", "urn:uuid:offer2"), "/d")).isInstanceOf(Answer.Accepted.class);
    assertThat(post(openRequest(RM10, MC_ANON, ANON, MC_ANON)
        .replace("urn:uuid:offer", "urn:uuid:offer3"), "/rsp")).isInstanceOf(Answer.Reply.class);
    assertThat(post(openRequest(RM10, ANON, ANON, ANON)
        .replace("urn:uuid:offer", "urn:uuid:offer4"), "/calc")).isInstanceOf(Answer.Reply.class);
    assertThat(store.sequences).hasSize(4);
  }

  /** WS-A None: nothing can reach it, so not as AcksTo or Offer Endpoint; ReplyTo may say it. */
  @Test
  void noneIsRefusedWhereCallbacksGoAndAcceptedAsReplyTo() {
    String none = "http://www.w3.org/2005/08/addressing/none";
    assertRefused(openRequest(RM10, none, ANON, CLIENT), "/d", "wsrm:AcksTo", none);
    assertRefused(openRequest(RM11, CLIENT, none, CLIENT), "/d", "wsrm:Offer/wsrm:Endpoint");
    assertThat(post(openRequest(RM10, CLIENT, ANON, none), "/d")).isInstanceOf(Answer.Accepted.class);
  }

  @Test
  void aDuplexCreateSequenceWithTheAugust2004AnonymousAcksToIsRefusedAsAnonymous() {
    assertRefused(
        openRequest(RM10, "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous", ANON, CLIENT),
        "/d",
        "Create Sequence");
  }

  @ParameterizedTest
  @ValueSource(strings = {"urn:x", "ftp://h/", "mailto:a@b", "relative/path", "http://[::1/"})
  void anOrdinaryMessageWithAnUnusableReplyToOrFaultToGetsInvalidAddress(String address) {
    String replyTo = calc(RM10, "urn:uuid:none", 1, "Add", "1", "1").replace(ANON, address);
    assertThatThrownBy(() -> post(replyTo, "/calc"))
        .isInstanceOfSatisfying(
            RmFaultException.class,
            e -> {
              assertThat(e.fault()).isEqualTo(RmFault.INVALID_ADDRESS);
              assertThat(e.detailValue()).isEqualTo("{http://www.w3.org/2005/08/addressing}ReplyTo");
              String wire = new String(new EnvelopeWriter().writeFault(SoapVersion.SOAP_12, e, null), StandardCharsets.UTF_8);
              assertThat(wire).contains("InvalidAddressingHeader", "InvalidAddress", "ProblemHeaderQName", "a:ReplyTo");
            });
    String faultTo =
        calc(RM10, "urn:uuid:none", 1, "Add", "1", "1")
            .replace("<a:ReplyTo>", "<a:FaultTo><a:Address>" + address + "</a:Address></a:FaultTo><a:ReplyTo>");
    assertThatThrownBy(() -> post(faultTo, "/calc"))
        .isInstanceOfSatisfying(
            RmFaultException.class,
            e -> assertThat(e.detailValue()).isEqualTo("{http://www.w3.org/2005/08/addressing}FaultTo"));
  }

  @Test
  void noneIsALegalReplyToAndFaultTo() {
    String m =
        calc(RM10, "urn:uuid:none", 1, "Add", "1", "1")
            .replace(ANON, "http://www.w3.org/2005/08/addressing/none")
            .replace("<a:ReplyTo>", "<a:FaultTo><a:Address>http://www.w3.org/2005/08/addressing/none</a:Address></a:FaultTo><a:ReplyTo>");
    // Past the address check: the Sequence is unknown.
    assertThatThrownBy(() -> post(m, "/calc"))
        .isInstanceOfSatisfying(
            RmFaultException.class, e -> assertThat(e.fault()).isEqualTo(RmFault.UNKNOWN_SEQUENCE));
  }
}
