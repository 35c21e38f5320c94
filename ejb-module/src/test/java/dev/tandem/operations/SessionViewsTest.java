package dev.tandem.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.operations.SessionViews.SequenceView;
import dev.tandem.operations.SessionViews.SessionSummary;
import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.session.BackChannel;
import dev.tandem.rm.session.DestinationSequence;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.rm.session.SourceSequence;
import dev.tandem.store.OperationsStore.SessionRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionViews}: the summary the admin page lists for a stored session (held messages,
 * outbound Sequence, ages at a given instant) and the text form of AcknowledgementRanges.
 */
class SessionViewsTest {
  private static final Instant CREATED = Instant.parse("2001-02-03T04:05:06.123456Z");
  private static final String ID = "urn:uuid:11111111-1111-1111-1111-111111111111";
  private static final String OUT = "urn:uuid:22222222-2222-2222-2222-222222222222";

  @Test
  void summaryOfASessionWithAGapAndAnOutboundSequence() {
    // Received 1-4 and 6, delivered up to 4: 6 is held behind the gap at 5.
    ReliableSession s =
        session(
            SequenceState.ACTIVE,
            ranges(new AcknowledgementRange(1, 4), new AcknowledgementRange(6, 6)),
            4,
            SourceSequence.restore(OUT, 3, ranges(new AcknowledgementRange(1, 2)), 8),
            CREATED.plusSeconds(100));

    SessionSummary summary =
        SessionViews.summary(new SessionRow(s, CREATED, 2), CREATED.plusMillis(160_900));

    assertThat(summary.id()).isEqualTo(ID);
    assertThat(summary.endpoint()).isEqualTo("/servicemodelsamples/service.svc/duplex");
    assertThat(summary.rmVersion()).isEqualTo("WSRM_1_1");
    assertThat(summary.state()).isEqualTo("active");
    assertThat(summary.backChannel()).isEqualTo("addressed");
    assertThat(summary.inbound())
        .isEqualTo(new SequenceView(ID, "inbound", "active", 5, 4, "1-4,6"));
    assertThat(summary.outbound())
        .isEqualTo(new SequenceView(OUT, "outbound", "active", 3, 2, "1-2"));
    assertThat(summary.held()).isEqualTo(1);
    assertThat(summary.queued()).isEqualTo(2);
    assertThat(summary.created()).isEqualTo(CREATED);
    assertThat(summary.lastActivity()).isEqualTo(CREATED.plusSeconds(100));
    // Whole seconds, rounded down.
    assertThat(summary.ageSeconds()).isEqualTo(160);
    assertThat(summary.idleSeconds()).isEqualTo(60);
  }

  @Test
  void heldIsReceivedMinusDeliveredUpTo() {
    // Received 1-2, 5-6 and 9, delivered 1-2: 5, 6 and 9 are held.
    ReliableSession s =
        session(
            SequenceState.CLOSED,
            ranges(
                new AcknowledgementRange(1, 2),
                new AcknowledgementRange(5, 6),
                new AcknowledgementRange(9, 9)),
            2,
            SourceSequence.offered(OUT),
            CREATED);

    SessionSummary summary = SessionViews.summary(new SessionRow(s, CREATED, 0), CREATED);

    assertThat(summary.held()).isEqualTo(3);
    assertThat(summary.inbound().messages()).isEqualTo(5);
    assertThat(summary.inbound().done()).isEqualTo(2);
    assertThat(summary.inbound().ranges()).isEqualTo("1-2,5-6,9");
    assertThat(summary.state()).isEqualTo("closed");
    // The outbound Sequence ends with the inbound one.
    assertThat(summary.outbound())
        .isEqualTo(new SequenceView(OUT, "outbound", "closed", 0, 0, ""));
    assertThat(summary.ageSeconds()).isZero();
    assertThat(summary.idleSeconds()).isZero();
  }

  @Test
  void nothingReceivedIsNothingHeld() {
    ReliableSession s =
        session(SequenceState.ACTIVE, AcknowledgementRanges.empty(), 0, SourceSequence.offered(OUT),
            CREATED);

    SessionSummary summary = SessionViews.summary(new SessionRow(s, CREATED, 0), CREATED);

    assertThat(summary.held()).isZero();
    assertThat(summary.inbound())
        .isEqualTo(new SequenceView(ID, "inbound", "active", 0, 0, ""));
  }

  @Test
  void outboundIsNullWhileTheOutboundSequenceAwaitsItsIdentifier() {
    ReliableSession s =
        session(
            SequenceState.ACTIVE,
            ranges(new AcknowledgementRange(1, 1)),
            1,
            SourceSequence.offered(null),
            CREATED);

    SessionSummary summary =
        SessionViews.summary(new SessionRow(s, CREATED, 1), CREATED.plusSeconds(5));

    assertThat(summary.outbound()).isNull();
    assertThat(summary.inbound()).isNotNull();
    assertThat(summary.held()).isZero();
    assertThat(summary.queued()).isEqualTo(1);
  }

  @Test
  void formatWritesSingleNumbersAloneAndRangesWithADash() {
    assertThat(
            SessionViews.format(
                ranges(new AcknowledgementRange(1, 4), new AcknowledgementRange(6, 6))))
        .isEqualTo("1-4,6");
    assertThat(SessionViews.format(ranges(new AcknowledgementRange(7, 7)))).isEqualTo("7");
    assertThat(SessionViews.format(ranges(new AcknowledgementRange(1, Long.MAX_VALUE))))
        .isEqualTo("1-" + Long.MAX_VALUE);
    assertThat(
            SessionViews.format(
                ranges(
                    new AcknowledgementRange(10, 12),
                    new AcknowledgementRange(3, 3),
                    new AcknowledgementRange(4, 5))))
        .isEqualTo("3-5,10-12");
  }

  @Test
  void formatOfNoRangesIsEmpty() {
    assertThat(SessionViews.format(AcknowledgementRanges.empty())).isEmpty();
  }

  private static AcknowledgementRanges ranges(AcknowledgementRange... ranges) {
    return AcknowledgementRanges.of(List.of(ranges));
  }

  private static ReliableSession session(
      SequenceState state,
      AcknowledgementRanges received,
      long deliveredUpTo,
      SourceSequence outbound,
      Instant lastActivity) {
    return new ReliableSession(
        DestinationSequence.restore(
            ID,
            RmVersion.WSRM_1_1,
            "http://client.example/callback",
            "/servicemodelsamples/service.svc/duplex",
            CREATED,
            state,
            false,
            received,
            deliveredUpTo,
            null,
            lastActivity,
            null),
        outbound,
        BackChannel.ADDRESSED);
  }
}
