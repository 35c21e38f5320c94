package dev.tandem.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.engine.InMemoryOutboundStore;
import dev.tandem.engine.InMemoryRmStore;
import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.session.BackChannel;
import dev.tandem.rm.session.ReliableSession;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The outbound queue's policy, on in-memory stores and a hand-driven clock, without a container:
 * back-off, retry budget (give-up of the session, abandonment of an unsequenced message), hold
 * while the client's buffer is full or its Sequence is unnamed, release by the client's answer — the
 * same for the dual-HTTP drain ({@link OutboundQueue#claimDue}) and the MakeConnection drain ({@link
 * OutboundQueue#claimFor}).
 */
class OutboundQueueTest {
  private static final int PAGE = 64;
  private static final String MC =
      "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=3f1c2e8a-0b4d-4e6f-9a1b-2c3d4e5f6a7b";

  private final InMemoryOutboundStore outbound = new InMemoryOutboundStore();
  private final InMemoryRmStore store = new InMemoryRmStore();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final List<String> ended = new ArrayList<>();
  private final List<OutboundMessage> woken = new ArrayList<>();
  /** 1 s first retry, MaxRetryCount 3. */
  private final OutboundQueue queue =
      new OutboundQueue(
          store,
          outbound,
          new RetransmissionPolicy(1_000, 3),
          new OutboundEnvelopes(8),
          clock,
          woken::add,
          s -> ended.add(s.id()));
  private final RmSource source = new RmSource(store, outbound, queue, clock);

  @Test
  void aCallbackIsSentAgainAfterADoublingBackOffUntilAcknowledged() {
    ReliableSession s = session("urn:uuid:a", "urn:uuid:a-offer", "http://client/a", BackChannel.ADDRESSED);
    queue.callback(s, "urn:Equals", body(), Duration.ZERO);
    store.update(s);

    assertThat(numbers(claim())).containsExactly(1L);
    assertThat(claim()).as("not due again before its back-off").isEmpty();
    clock.advance(Duration.ofMillis(999));
    assertThat(claim()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(numbers(claim())).as("1 s after the first").containsExactly(1L);
    clock.advance(Duration.ofMillis(1_999));
    assertThat(claim()).as("2 s after the second").isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(numbers(claim())).containsExactly(1L);

    source.acknowledgement(RmVersion.WSRM_2005_02, ack("urn:uuid:a-offer", 1, 1, null));
    clock.advance(Duration.ofMinutes(5));
    assertThat(claim()).as("acknowledged: never sent again").isEmpty();
    assertThat(outbound.countSession(s.id())).isZero();
    assertThat(ended).isEmpty();
  }

  @Test
  void aSessionAnotherNodeHoldsIsLeftDueWithoutAnAttemptForALaterRound() {
    ReliableSession s = session("urn:uuid:n", "urn:uuid:n-offer", "http://client/n", BackChannel.ADDRESSED);
    queue.callback(s, "urn:Equals", body(), Duration.ZERO);
    store.update(s);
    store.heldElsewhere(s.id(), true);

    OutboundQueue.Claim skipped = queue.claimDue(PAGE, 1_000);
    assertThat(skipped.ready()).isEmpty();
    assertThat(skipped.busy()).as("left for whoever holds the session").isEqualTo(1);
    assertThat(outbound.countSession(s.id())).as("not dropped").isEqualTo(1);

    store.heldElsewhere(s.id(), false);
    assertThat(numbers(claim())).as("still due at once, no attempt counted").containsExactly(1L);
    assertThat(outbound.findByAddress("http://client/n", 1).get(0).attempts()).isEqualTo(1);
  }

  @Test
  void aSequenceMessageUnacknowledgedAfterTheRetryBudgetEndsItsSession() {
    ReliableSession s = session("urn:uuid:b", "urn:uuid:b-offer", "http://client/b", BackChannel.ADDRESSED);
    queue.callback(s, "urn:Equals", body(), Duration.ZERO);
    store.update(s);
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(claim()).as("transmission " + attempt).hasSize(1);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(claim()).as("MaxRetryCount reached").isEmpty();
    assertThat(ended).containsExactly(s.id());
    assertThat(outbound.countSession(s.id())).isZero();
  }

  @Test
  void aMessageOutsideASequenceIsDroppedAfterTheBudgetAndItsSessionLivesOn() {
    ReliableSession s = session("urn:uuid:c", "urn:uuid:c-offer", "http://client/c", BackChannel.ADDRESSED);
    long id = outbound.enqueue(message(s, null, 0, OutboundMessage.Kind.UNSEQUENCED));
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(claim()).extracting(t -> t.message().id()).containsExactly(id);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(claim()).isEmpty();
    assertThat(outbound.find(id)).isEmpty();
    assertThat(ended).isEmpty();
  }

  @Test
  void callbacksBeyondTheClientsBufferAreHeldUntilItsAcknowledgementMakesRoom() {
    ReliableSession s = session("urn:uuid:d", "urn:uuid:d-offer", "http://client/d", BackChannel.ADDRESSED);
    for (int n = 1; n <= 3; n++) {
      queue.callback(s, "urn:Equals", body(), Duration.ZERO);
    }
    store.update(s);
    assertThat(numbers(claim())).containsExactly(1L, 2L, 3L);
    // The client acknowledges 1 and says it has room for one more: 2 fits, 3 must wait.
    source.acknowledgement(RmVersion.WSRM_2005_02, ack("urn:uuid:d-offer", 1, 1, 1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(numbers(claim())).containsExactly(2L);
    assertThat(outbound.find(idOf(s, 3)).orElseThrow().held()).as("held, attempt not counted").isTrue();
    assertThat(outbound.find(idOf(s, 3)).orElseThrow().attempts()).isEqualTo(1);

    woken.clear();
    source.acknowledgement(RmVersion.WSRM_2005_02, ack("urn:uuid:d-offer", 1, 2, 1));
    assertThat(woken).as("the room releases it at once").extracting(OutboundMessage::messageNumber)
        .containsExactly(3L);
    assertThat(numbers(claim())).containsExactly(3L);
    assertThat(ended).isEmpty();
  }

  @Test
  void callbacksWaitForTheClientToNameTheirSequence() {
    ReliableSession s = session("urn:uuid:e", null, MC, BackChannel.POLLED);
    queue.createSourceSequence(s, "http://localhost:8080/servicemodelsamples/service.svc/rsp");
    queue.callback(s, "urn:Result", body(), Duration.ZERO);
    store.update(s);

    Optional<OutboundEnvelope> first = queue.claimFor(MC);
    assertThat(first).as("Tandem's CreateSequence goes first").isPresent();
    assertThat(first.get().action()).isEqualTo(RmVersion.WSRM_2005_02.action("CreateSequence"));
    assertThat(first.get().messagePending()).as("the callback is not pending yet").isFalse();
    assertThat(queue.claimFor(MC)).as("the callback waits for its Sequence").isEmpty();

    s.outbound().named("urn:uuid:e-named");
    store.update(s);
    queue.sourceSequenceNamed(s);
    OutboundEnvelope callback = queue.claimFor(MC).orElseThrow();
    assertThat(callback.sequence().identifier()).isEqualTo("urn:uuid:e-named");
    assertThat(callback.sequence().messageNumber()).isEqualTo(1);
  }

  @Test
  void aPollIsGivenUpOnByTheSameBudgetAsAPost() {
    ReliableSession s = session("urn:uuid:f", "urn:uuid:f-offer", MC, BackChannel.POLLED);
    queue.callback(s, "urn:Result", body(), Duration.ZERO);
    queue.callback(s, "urn:Result", body(), Duration.ZERO);
    store.update(s);
    assertThat(claim()).as("the dual-HTTP drain leaves MC addresses to polls").isEmpty();

    OutboundEnvelope one = queue.claimFor(MC).orElseThrow();
    assertThat(one.sequence().messageNumber()).isEqualTo(1);
    assertThat(one.messagePending()).as("number 2 waits behind it").isTrue();
    for (int poll = 2; poll <= 3; poll++) {
      clock.advance(Duration.ofMinutes(1));
      assertThat(queue.claimFor(MC)).isPresent();
    }
    clock.advance(Duration.ofMinutes(1));
    assertThat(queue.claimFor(MC)).isEmpty();
    assertThat(ended).containsExactly(s.id());
  }

  /**
   * Callbacks held back by the client's full buffer, more than a page of them and queued first, must
   * not hide a message queued after them: the soak saw four duplex sessions whose
   * CreateSequenceResponse was never sent while other sessions' held callbacks filled every page.
   */
  @Test
  void heldCallbacksDoNotHideTheMessagesQueuedAfterThem() {
    ReliableSession full = session("urn:uuid:full", "urn:uuid:full-offer", "http://client/full", BackChannel.ADDRESSED);
    full.outbound().acknowledge(
        dev.tandem.rm.model.AcknowledgementRanges.of(List.of(new AcknowledgementRange(1, 1))), 0);
    for (long n = 2; n <= PAGE + 6; n++) {
      full.outbound().nextMessageNumber();
      outbound.enqueue(message(full, full.outbound().id(), n, OutboundMessage.Kind.APPLICATION));
    }
    store.update(full);
    ReliableSession fresh = session("urn:uuid:fresh", "urn:uuid:fresh-offer", "http://client/fresh", BackChannel.ADDRESSED);
    long csr = outbound.enqueue(message(fresh, null, 0, OutboundMessage.Kind.UNSEQUENCED));

    List<OutboundQueue.Transmission> sent = new ArrayList<>();
    OutboundQueue.Claim claim;
    int pages = 0;
    do {
      claim = queue.claimDue(PAGE, 1_000);
      sent.addAll(claim.ready());
      assertThat(++pages).as("pages claimed").isLessThan(10);
    } while (claim.examined() == PAGE);

    assertThat(sent).extracting(t -> t.message().id()).containsExactly(csr);
    assertThat(outbound.findDue(clock.instant().plusSeconds(5), 1_000, null))
        .filteredOn(m -> m.sessionId().equals(full.id()))
        .hasSize(PAGE + 5)
        .as("held back, not sent: no attempt counted, looked at again later")
        .allSatisfy(
            m -> {
              assertThat(m.attempts()).isZero();
              assertThat(m.nextAttemptAt()).isAfter(clock.instant());
            });
  }

  // ---- fixtures ---------------------------------------------------------------------------------

  private List<OutboundQueue.Transmission> claim() {
    return queue.claimDue(PAGE, 1_000).ready();
  }

  private static List<Long> numbers(List<OutboundQueue.Transmission> sent) {
    return sent.stream().map(t -> t.message().messageNumber()).toList();
  }

  private long idOf(ReliableSession s, long number) {
    return outbound.findByAddress(s.acksTo(), 100).stream()
        .filter(m -> m.messageNumber() == number)
        .findFirst()
        .orElseThrow()
        .id();
  }

  private ReliableSession session(String id, String offeredId, String acksTo, BackChannel channel) {
    ReliableSession s =
        ReliableSession.create(
            id, RmVersion.WSRM_2005_02, offeredId, acksTo, "/service.svc/duplex", channel,
            clock.instant(), null);
    store.create(s);
    return s;
  }

  private static SequenceAcknowledgement ack(String sequence, long lower, long upper, Integer buffer) {
    return new SequenceAcknowledgement(
        sequence, List.of(new AcknowledgementRange(lower, upper)), List.of(), false, false, buffer);
  }

  private static byte[] body() {
    return "<Equals xmlns=\"http://Microsoft.ServiceModel.Samples\"><result>1</result></Equals>"
        .getBytes(StandardCharsets.UTF_8);
  }

  private OutboundMessage message(
      ReliableSession session, String sequence, long number, OutboundMessage.Kind kind) {
    return new OutboundMessage(
        0, session.id(), sequence, number, false, session.acksTo(),
        "http://Microsoft.ServiceModel.Samples/ICalculatorDuplex/Equals", null, body(),
        kind, 0, clock.instant().minusSeconds(1));
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
