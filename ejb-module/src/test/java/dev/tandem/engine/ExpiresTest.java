package dev.tandem.engine;

import static dev.tandem.testing.Envelopes.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.codec.EnvelopeReader;
import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.codec.InboundEnvelope;
import dev.tandem.codec.SoapVersion;
import dev.tandem.rm.session.DestinationSequence;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.testing.Envelopes;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.namespace.QName;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * A finite CreateSequence/Expires or Offer/Expires is granted (WS-RM 1.1 §3.4, February 2005 §3.4):
 * echoed in the CreateSequenceResponse, and the Sequence is terminated once it runs out, after which
 * its messages get SequenceTerminated (WS-RM 1.1 §4.7) and are not delivered.
 */
class ExpiresTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final InMemoryRmStore store = new InMemoryRmStore();
  private final MetroApplicationInvoker metro = new MetroApplicationInvoker();
  private final AtomicInteger invocations = new AtomicInteger();
  private final ApplicationInvoker counting =
      new ApplicationInvoker() {
        @Override
        public boolean supports(String endpoint, String action) {
          return metro.supports(endpoint, action);
        }

        @Override
        public boolean expectsReply(String endpoint, String action) {
          return metro.expectsReply(endpoint, action);
        }

        @Override
        public QName requestElement(String endpoint, String action) {
          return metro.requestElement(endpoint, action);
        }

        @Override
        public ApplicationReply invoke(Invocation invocation) {
          invocations.incrementAndGet();
          return metro.invoke(invocation);
        }
      };
  /** InactivityTimeout of one hour: far beyond every expiry here, so it never interferes. */
  private final RmSettings settings = new RmSettings(3_600_000, 8);

  private final RmEngine engine = new RmEngine(store, new InMemoryOutboundStore(), counting, settings, clock);
  private final ProtocolDispatcher dispatcher = engine.dispatcher();
  private final JAXPXPathEngine xpath = new JAXPXPathEngine();

  {
    xpath.setNamespaceContext(
        Map.of(
            "s", "http://www.w3.org/2003/05/soap-envelope",
            "r10", RM10,
            "r11", RM11,
            "c", CALC));
  }

  /** Sends one envelope and returns the encoded answer ("" for 202); faults are encoded too. */
  private String post(String xml) {
    InboundEnvelope in = new EnvelopeReader().read(xml.getBytes(StandardCharsets.UTF_8));
    try {
      Answer a = dispatcher.dispatch(in, "/service.svc", TO);
      return a instanceof Answer.Reply r
          ? new String(new EnvelopeWriter().write(r.envelope()), StandardCharsets.UTF_8)
          : "";
    } catch (RmFaultException e) {
      return new String(
          new EnvelopeWriter().writeFault(SoapVersion.SOAP_12, e, in.addressing().messageId()),
          StandardCharsets.UTF_8);
    }
  }

  private String x(String path, String xml) {
    return xpath.evaluate(path, new StreamSource(new StringReader(xml)));
  }

  private static String p(String rm) {
    return rm.equals(RM10) ? "r10" : "r11";
  }

  /** A CreateSequence with an Offer, an {@code Expires} and an {@code Offer/Expires} (null: none). */
  private static String createSequence(String rm, String offer, String expires, String offerExpires) {
    String cs = Envelopes.createSequence(rm, offer, "urn:uuid:c-" + offer);
    if (expires != null) {
      cs = cs.replace("</r:AcksTo>", "</r:AcksTo><r:Expires>" + expires + "</r:Expires>");
    }
    if (offerExpires != null) {
      String element = "<r:Expires>" + offerExpires + "</r:Expires>";
      // Offer children in schema order: WS-RM 1.1 puts Expires after Endpoint, 2005 after Identifier.
      cs = rm.equals(RM11)
          ? cs.replace("</r:Endpoint>", "</r:Endpoint>" + element)
          : cs.replace("</r:Offer>", element + "</r:Offer>");
    }
    return cs;
  }

  private String identifier(String rm, String response) {
    return x("//" + p(rm) + ":CreateSequenceResponse/" + p(rm) + ":Identifier", response);
  }

  private String expires(String rm, String response) {
    return x("//" + p(rm) + ":CreateSequenceResponse/" + p(rm) + ":Expires", response);
  }

  @Test
  void aFiniteExpiresIsGrantedEchoedAndEndsTheSequence() {
    for (String rm : List.of(RM10, RM11)) {
      Instant created = now;
      String resp = post(createSequence(rm, "urn:uuid:o5-" + p(rm), "PT5S", null));
      String seq = identifier(rm, resp);
      assertThat(seq).startsWith("urn:uuid:");
      assertThat(expires(rm, resp)).isEqualTo("PT5S");
      assertThat(store.sequences.get(seq).inbound().expiresAt()).isEqualTo(created.plusSeconds(5));

      now = now.plusMillis(4_999);
      assertThat(x("//c:AddResult", post(calc(rm, seq, 1, "Add", "1", "2")))).isEqualTo("3.0");
      assertThat(engine.lifecycle().expire(seq)).isFalse();
      assertThat(store.findExpired(now, 10)).doesNotContain(seq);

      // Past the expiry, before the sweep: answered as terminated, not delivered, nothing written.
      now = now.plusMillis(1);
      invocations.set(0);
      assertThat(x("//s:Subcode/s:Value", post(calc(rm, seq, 2, "Add", "1", "2"))))
          .isEqualTo("r:SequenceTerminated");
      assertThat(invocations).hasValue(0);
      assertThat(store.sequences.get(seq).inbound().state()).isEqualTo(SequenceState.ACTIVE);

      // The sweep terminates it as it does an idle one.
      assertThat(store.findExpired(now, 10)).containsExactly(seq);
      assertThat(engine.lifecycle().expire(seq)).isTrue();
      DestinationSequence ended = store.sequences.get(seq).inbound();
      assertThat(ended.state()).isEqualTo(SequenceState.TERMINATED);
      assertThat(ended.terminatedByClient()).isFalse();
      assertThat(store.findExpired(now, 10)).isEmpty();
      assertThat(x("//s:Subcode/s:Value", post(calc(rm, seq, 2, "Add", "1", "2"))))
          .isEqualTo("r:SequenceTerminated");
      assertThat(invocations).hasValue(0);
    }
  }

  @Test
  void theSessionEndsAtTheEarlierOfExpiresAndOfferExpires() {
    for (String rm : List.of(RM10, RM11)) {
      String offerFirst = post(createSequence(rm, "urn:uuid:of-" + p(rm), "PT10S", "PT3S"));
      assertThat(expires(rm, offerFirst)).isEqualTo("PT3S");
      assertThat(store.sequences.get(identifier(rm, offerFirst)).inbound().expiresAt())
          .isEqualTo(now.plusSeconds(3));

      String ownFirst = post(createSequence(rm, "urn:uuid:ow-" + p(rm), "PT2S", "PT1H"));
      assertThat(expires(rm, ownFirst)).isEqualTo("PT2S");

      // Only the offered Sequence expires: the session still ends then, and says so (a finite
      // Expires is less than the requested "never", which WS-RM 1.1 §3.4 allows).
      String offerOnly = post(createSequence(rm, "urn:uuid:oo-" + p(rm), "PT0S", "PT1M"));
      assertThat(expires(rm, offerOnly)).isEqualTo("PT1M");
      assertThat(store.sequences.get(identifier(rm, offerOnly)).inbound().expiresAt())
          .isEqualTo(now.plusSeconds(60));
    }
  }

  @Test
  void neverIsGrantedAsNeverWithoutExpires() {
    for (String rm : List.of(RM10, RM11)) {
      for (String never : new String[] {null, "PT0S", " P0D "}) {
        String resp = post(createSequence(rm, "urn:uuid:n-" + p(rm) + never, never, never));
        String seq = identifier(rm, resp);
        assertThat(x("count(//" + p(rm) + ":CreateSequenceResponse/" + p(rm) + ":Expires)", resp))
            .isEqualTo("0");
        assertThat(store.sequences.get(seq).inbound().expiresAt()).isNull();
      }
    }
    now = now.plus(Duration.ofMinutes(59));
    assertThat(store.findExpired(now, 10)).isEmpty();
  }

  @Test
  void invalidOrNegativeExpiresIsStillRefused() {
    for (String rm : List.of(RM10, RM11)) {
      for (String bad : List.of("tomorrow", "P1X", "", "-PT5S", "PT", ".5S")) {
        assertThat(x("//s:Subcode/s:Value", post(createSequence(rm, "urn:uuid:b-" + bad, bad, null))))
            .as(rm + " Expires '" + bad + "'")
            .isEqualTo("r:CreateSequenceRefused");
        assertThat(x("//s:Subcode/s:Value", post(createSequence(rm, "urn:uuid:ob-" + bad, null, bad))))
            .as(rm + " Offer/Expires '" + bad + "'")
            .isEqualTo("r:CreateSequenceRefused");
      }
    }
    assertThat(store.countOpen()).isZero();
  }

  @Test
  void aHugeExpiresIsGrantedAsTheCeiling() {
    String resp = post(createSequence(RM11, "urn:uuid:huge", "P99999999999Y", null));
    assertThat(expires(RM11, resp)).isEqualTo("PT87600000H");
    assertThat(store.sequences.get(identifier(RM11, resp)).inbound().expiresAt())
        .isEqualTo(now.plus(Duration.ofDays(365L * 10_000)));
  }

  @Test
  void aRetriedCreateSequenceGetsTheSameGrantAndADifferentExpiresIsRefused() {
    String first = post(createSequence(RM11, "urn:uuid:retry", "PT30S", null));
    now = now.plusSeconds(1);
    String again = post(createSequence(RM11, "urn:uuid:retry", "PT30S", null));
    assertThat(identifier(RM11, again)).isEqualTo(identifier(RM11, first));
    assertThat(expires(RM11, again)).isEqualTo("PT30S");
    assertThat(x("//s:Subcode/s:Value", post(createSequence(RM11, "urn:uuid:retry", "PT1M", null))))
        .isEqualTo("r:CreateSequenceRefused");
    assertThat(x("//s:Subcode/s:Value", post(createSequence(RM11, "urn:uuid:retry", null, null))))
        .isEqualTo("r:CreateSequenceRefused");
    assertThat(store.countOpen()).isEqualTo(1);
  }
}
