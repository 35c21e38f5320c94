package dev.tandem.rm.session;

import dev.tandem.rm.model.RmVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One reliable session, as WCF has it: the client's Sequence ({@link #inbound()}, Tandem the RM
 * Destination), the Sequence of the other direction ({@link #outbound()}, Tandem the RM Source), and
 * the {@link BackChannel} by which Tandem reaches the client. The two Sequences live and die
 * together (WCF B1301: terminating one ends the other). The session's id is its inbound Sequence's
 * Identifier; the store locks the session as one unit.
 *
 * @param inbound the client's Sequence
 * @param outbound the reply/callback Sequence (never null; it may {@linkplain
 *     SourceSequence#awaitsIdentifier await its Identifier})
 * @param backChannel how answers and callbacks reach the client
 */
public record ReliableSession(
    DestinationSequence inbound, SourceSequence outbound, BackChannel backChannel) {

  public ReliableSession {
    Objects.requireNonNull(inbound);
    Objects.requireNonNull(outbound);
    Objects.requireNonNull(backChannel);
  }

  /**
   * A new session, created by a CreateSequence (WS-RM 1.1 §3.4).
   *
   * @param id the Identifier Tandem gives the client's Sequence ({@code urn:uuid:})
   * @param offeredId the Offer's Identifier, or null when nothing was offered
   * @param acksTo the CreateSequence's AcksTo
   * @param endpoint the service path, e.g. {@code /service.svc}
   * @param granted the granted Expires, or null for never
   */
  public static ReliableSession create(
      String id,
      RmVersion version,
      String offeredId,
      String acksTo,
      String endpoint,
      BackChannel backChannel,
      Instant now,
      Duration granted) {
    return new ReliableSession(
        new DestinationSequence(
            id, version, acksTo, endpoint, now, granted == null ? null : now.plus(granted)),
        SourceSequence.offered(offeredId),
        backChannel);
  }

  /** The session's id: the Identifier of its inbound Sequence. */
  public String id() {
    return inbound.id();
  }

  /** The RM version both Sequences speak. */
  public RmVersion version() {
    return inbound.version();
  }

  /** The service path the session was created on. */
  public String endpoint() {
    return inbound.endpoint();
  }

  /** The client's AcksTo: where acknowledgements and (dual HTTP, MakeConnection) callbacks go. */
  public String acksTo() {
    return inbound.acksTo();
  }

  /**
   * The Expires granted at creation (expiry minus creation time), echoed in the
   * CreateSequenceResponse; null when the session never expires.
   */
  public Duration granted() {
    return inbound.expiresAt() == null
        ? null
        : Duration.between(inbound.created(), inbound.expiresAt());
  }
}
