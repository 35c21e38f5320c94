package dev.tandem.rm.session;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.protocol.SequenceAcknowledgement;

import java.time.Instant;
import java.util.Objects;

/**
 * The client's Sequence, for which Tandem is the RM Destination (WS-RM 1.1 §2.3): what was received,
 * what was delivered in order, its state and its expiry. The Sequence of the other direction is the
 * session's {@link SourceSequence}; both belong to one {@link ReliableSession}.
 *
 * <p>Mutable on purpose: the engine changes it inside one transaction and hands it back to the store.
 * Message numbers are {@code long} (1..{@value #MAX_MESSAGE_NUMBER}).
 */
public final class DestinationSequence {
  /** Largest MessageNumber (WS-RM 1.1 §3.7: xs:unsignedLong is allowed, WCF uses Int64.MaxValue). */
  public static final long MAX_MESSAGE_NUMBER = Long.MAX_VALUE;

  private final String id;
  private final RmVersion version;
  private final String acksTo;
  private final String endpoint;
  private final Instant created;
  private SequenceState state;
  private AcknowledgementRanges received;
  private long deliveredUpTo;
  private Long lastMessageNumber;
  private Instant lastActivity;
  private boolean terminatedByClient;
  private final Instant expiresAt;

  /**
   * @param id the Identifier Tandem gave the Sequence (a {@code urn:uuid:} URI)
   * @param version the RM version of the CreateSequence
   * @param acksTo the AcksTo address of the CreateSequence
   * @param endpoint the service path the Sequence was created on, e.g. {@code /service.svc}
   * @param created creation time
   */
  public DestinationSequence(
      String id,
      RmVersion version,
      String acksTo,
      String endpoint,
      Instant created) {
    this(id, version, acksTo, endpoint, created, null);
  }

  /**
   * A Sequence granted a finite {@code Expires} (WS-RM 1.1 §3.4).
   *
   * @param expiresAt the instant after which Tandem ends the Sequence ({@link #isExpired}), or null
   *     when it never expires
   */
  public DestinationSequence(
      String id,
      RmVersion version,
      String acksTo,
      String endpoint,
      Instant created,
      Instant expiresAt) {
    this.expiresAt = expiresAt;
    this.id = Objects.requireNonNull(id);
    this.version = Objects.requireNonNull(version);
    this.acksTo = acksTo;
    this.endpoint = endpoint;
    this.created = created;
    this.state = SequenceState.ACTIVE;
    this.received = AcknowledgementRanges.empty();
    this.lastActivity = created;
  }

  /**
   * Rebuilds a stored Sequence, including whether the client terminated it ({@link
   * #terminatedByClient}, kept only for a terminated one) and its expiry ({@link #expiresAt}, null
   * for never); used by store implementations only.
   */
  public static DestinationSequence restore(
      String id,
      RmVersion version,
      String acksTo,
      String endpoint,
      Instant created,
      SequenceState state,
      boolean terminatedByClient,
      AcknowledgementRanges received,
      long deliveredUpTo,
      Long lastMessageNumber,
      Instant lastActivity,
      Instant expiresAt) {
    DestinationSequence s =
        new DestinationSequence(id, version, acksTo, endpoint, created, expiresAt);
    s.state = state;
    s.terminatedByClient = terminatedByClient && state == SequenceState.TERMINATED;
    s.received = received;
    s.deliveredUpTo = deliveredUpTo;
    s.lastMessageNumber = lastMessageNumber;
    s.lastActivity = lastActivity;
    return s;
  }

  public String id() {
    return id;
  }

  public RmVersion version() {
    return version;
  }

  public String acksTo() {
    return acksTo;
  }

  public String endpoint() {
    return endpoint;
  }

  public Instant created() {
    return created;
  }

  /**
   * The instant the granted {@code Expires} runs out (creation time plus the granted duration,
   * WS-RM 1.1 §3.4), or null when the Sequence never expires.
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * True when the Sequence has a finite expiry and {@code now} is at or past it: WS-RM 1.1 §3.4
   * says its resources SHOULD then be reclaimed, "thus causing the Sequence to be silently
   * terminated". Says nothing about the state: a terminated Sequence may be expired too.
   */
  public boolean isExpired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  public SequenceState state() {
    return state;
  }

  /** Message numbers received and durably recorded (held or delivered). */
  public AcknowledgementRanges received() {
    return received;
  }

  /** Every number up to this one has been delivered to the service, in order; 0 before the first. */
  public long deliveredUpTo() {
    return deliveredUpTo;
  }

  /** The last MessageNumber of the Sequence once known (LastMessage or CloseSequence), else null. */
  public Long lastMessageNumber() {
    return lastMessageNumber;
  }

  public Instant lastActivity() {
    return lastActivity;
  }

  /** Records that {@code number} was durably received (held or delivered). */
  public void markReceived(long number) {
    received = received.add(number);
  }

  /** Records that {@code number} — the next in order — has been delivered to the service. */
  public void markDelivered(long number) {
    if (number != deliveredUpTo + 1) {
      throw new IllegalStateException(
          "out-of-order delivery of " + number + " after " + deliveredUpTo + " on " + id);
    }
    deliveredUpTo = number;
  }

  /** Closes the Sequence at {@code last} (LastMessage, WS-RM 2005 §3.x; CloseSequence, 1.1 §3.5). */
  public void close(long last) {
    state = state.close();
    lastMessageNumber = last;
  }

  /**
   * Ends the Sequence abnormally (InactivityTimeout, a callback's retries exhausted): a later message
   * gets SequenceTerminated (WS-RM 1.1 §4.7), which tells the client why. Idempotent.
   */
  public void terminate() {
    state = state.terminate();
  }

  /**
   * Ends the Sequence at the client's TerminateSequence (WS-RM 1.1 §3.6, February 2005 §3.5): a later
   * message gets UnknownSequence, the fault for "an unknown or terminated Sequence identifier" (WS-RM
   * 1.1 §4.4), as a WCF service answers once the session is gone. Idempotent; a Sequence already
   * ended abnormally stays so.
   */
  public void terminateByClient() {
    if (state != SequenceState.TERMINATED) {
      terminatedByClient = true;
    }
    state = state.terminate();
  }

  /** True when the client's TerminateSequence ended the Sequence ({@link #terminateByClient}). */
  public boolean terminatedByClient() {
    return terminatedByClient;
  }

  public void touch(Instant now) {
    lastActivity = now;
  }

  /**
   * The SequenceAcknowledgement of everything received (WS-RM 1.1 §3.9), as WCF sends it: {@code
   * netrm:BufferRemaining} = transfer window minus the messages waiting behind a gap (WCF flow
   * control, [RM10] B4001), and {@code Final} once the Sequence is closed or terminated.
   *
   * @param transferWindow messages the client may have unacknowledged (WCF MaxTransferWindowSize)
   */
  public SequenceAcknowledgement acknowledgement(int transferWindow) {
    long waiting = 0;
    for (AcknowledgementRange r : received.ranges()) {
      if (r.upper() > deliveredUpTo) {
        waiting += r.upper() - Math.max(r.lower(), deliveredUpTo + 1) + 1;
      }
    }
    int buffer = (int) Math.max(0, transferWindow - waiting);
    boolean fin = state != SequenceState.ACTIVE;
    return new SequenceAcknowledgement(id, received.ranges(), java.util.List.of(), false, fin, buffer);
  }
}
