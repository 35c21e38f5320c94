package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.InMemoryOutboundStore;
import dev.tandem.engine.InMemoryRmStore;
import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.model.RmVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The claim of due outbound messages, on in-memory stores, as {@link OutboundSender#pump} runs it. */
class OutboundDeliveryTest {
  static final int PAGE = 64;

  private final InMemoryOutboundStore outbound = new InMemoryOutboundStore();
  private final InMemoryRmStore store = new InMemoryRmStore();
  private final OutboundDelivery delivery = new OutboundDelivery();

  OutboundDeliveryTest() {
    TandemSettings settings = new TandemSettings();
    settings.inactivityTimeoutMillis = 600_000;
    settings.maxTransferWindow = 8;
    settings.retryIntervalMillis = 1_000;
    settings.maxRetries = 8;
    settings.maxQueuedPerSession = 1_000;
    settings.maxOpenSequences = 10_000;
    delivery.outbound = outbound;
    delivery.store = store;
    delivery.settings = settings;
  }

  /**
   * Callbacks held back by the client's full buffer, more than a page of them and queued first, must
   * not hide a message queued after them: the soak saw four duplex sessions whose
   * CreateSequenceResponse was never sent while other sessions' held callbacks filled every page.
   */
  @Test
  void heldCallbacksDoNotHideTheMessagesQueuedAfterThem() {
    DestinationSequence full = session("urn:uuid:full", "urn:uuid:full-offer");
    full.acknowledgeReplies(AcknowledgementRanges.of(List.of(new AcknowledgementRange(1, 1))));
    full.advertiseBuffer(0);
    store.update(full);
    for (long n = 2; n <= PAGE + 6; n++) {
      outbound.enqueue(message(full.id(), full.offeredId(), n, OutboundMessage.Kind.APPLICATION));
    }
    DestinationSequence fresh = session("urn:uuid:fresh", "urn:uuid:fresh-offer");
    long csr = outbound.enqueue(message(fresh.id(), null, 0, OutboundMessage.Kind.UNSEQUENCED));

    List<OutboundDispatch> sent = pumpOnce();

    assertThat(sent).extracting(OutboundDispatch::id).containsExactly(csr);
    assertThat(outbound.findDue(Instant.now().plusSeconds(5), 1_000, null))
        .filteredOn(m -> m.sessionId().equals(full.id()))
        .hasSize(PAGE + 5)
        .as("held back, not sent: no attempt counted, looked at again later")
        .allSatisfy(m -> {
          assertThat(m.attempts()).isZero();
          assertThat(m.nextAttemptAt()).isAfter(Instant.now());
        });
  }

  /** As OutboundSender.pump: claims page after page while a page comes back full. */
  private List<OutboundDispatch> pumpOnce() {
    List<OutboundDispatch> sent = new ArrayList<>();
    OutboundDelivery.Claim claim;
    int pages = 0;
    do {
      claim = delivery.claimDue(PAGE);
      sent.addAll(claim.ready());
      assertThat(++pages).as("pages claimed").isLessThan(10);
    } while (claim.examined() == PAGE);
    return sent;
  }

  private DestinationSequence session(String id, String offeredId) {
    DestinationSequence s =
        new DestinationSequence(
            id, RmVersion.WSRM_2005_02, offeredId, "http://client/" + id, "/service.svc/duplex",
            Instant.now());
    store.create(s);
    return s;
  }

  private static OutboundMessage message(
      String session, String sequence, long number, OutboundMessage.Kind kind) {
    return new OutboundMessage(
        0, session, sequence, number, false, "http://client/" + session,
        "http://Microsoft.ServiceModel.Samples/ICalculatorDuplex/Equals", null,
        "<Equals xmlns=\"http://Microsoft.ServiceModel.Samples\"><result>1</result></Equals>"
            .getBytes(StandardCharsets.UTF_8),
        kind, 0, Instant.now().minusSeconds(1));
  }
}
