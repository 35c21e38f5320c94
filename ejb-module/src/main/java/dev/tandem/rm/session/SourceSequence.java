package dev.tandem.rm.session;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Sequence of a session's other direction, for which Tandem is the RM Source (WS-RM 1.1 §2.3):
 * replies and callbacks are numbered in it. Its Identifier is the one the client offered (WS-RM 1.1
 * §3.4 Offer), or the one the client's CreateSequenceResponse gave the Sequence Tandem asked for
 * when nothing was offered (WS-MC 1.1 §3); until then it has none ({@link #awaitsIdentifier}) and
 * messages are numbered but wait.
 *
 * <p>Mutable on purpose, like {@link DestinationSequence}: changed inside one transaction and handed
 * back to the store with its session.
 */
public final class SourceSequence {
  private String id;
  private long lastMessageNumber;
  private AcknowledgementRanges acknowledged;
  private Integer bufferRemaining;

  private SourceSequence(
      String id, long lastMessageNumber, AcknowledgementRanges acknowledged, Integer bufferRemaining) {
    this.id = id;
    this.lastMessageNumber = lastMessageNumber;
    this.acknowledged = Objects.requireNonNull(acknowledged);
    this.bufferRemaining = bufferRemaining;
  }

  /**
   * A new Sequence with nothing sent yet.
   *
   * @param id the offered Identifier, or null when Tandem has yet to create the Sequence
   */
  public static SourceSequence offered(String id) {
    return new SourceSequence(id, 0, AcknowledgementRanges.empty(), null);
  }

  /** Rebuilds a stored Sequence; used by store implementations only. */
  public static SourceSequence restore(
      String id, long lastMessageNumber, AcknowledgementRanges acknowledged, Integer bufferRemaining) {
    return new SourceSequence(id, lastMessageNumber, acknowledged, bufferRemaining);
  }

  /** The Identifier, or null while {@link #awaitsIdentifier}. */
  public String id() {
    return id;
  }

  /**
   * True when the client offered no Sequence and has not yet answered the CreateSequence that Tandem
   * sent it for one (WS-MC 1.1 §3, WS-RM 1.1 §3.4).
   */
  public boolean awaitsIdentifier() {
    return id == null;
  }

  /**
   * Records the Identifier the client's CreateSequenceResponse gave the Sequence Tandem asked for
   * (WS-RM 1.1 §3.4).
   *
   * @throws IllegalStateException when the Sequence already has one
   */
  public void named(String identifier) {
    if (id != null) {
      throw new IllegalStateException("source sequence already named " + id);
    }
    id = Objects.requireNonNull(identifier);
  }

  /** The highest MessageNumber used so far; 0 before the first message. */
  public long lastMessageNumber() {
    return lastMessageNumber;
  }

  /** Takes the next MessageNumber (WS-RM 1.1 §3.7: numbering starts at 1, one more each message). */
  public long nextMessageNumber() {
    return ++lastMessageNumber;
  }

  /** The MessageNumbers the client has acknowledged. */
  public AcknowledgementRanges acknowledged() {
    return acknowledged;
  }

  /**
   * How many more messages the client said it can buffer beyond what it acknowledged ({@code
   * netrm:BufferRemaining}, WCF flow control, [RM10] B4001), or null when it never said.
   */
  public Integer bufferRemaining() {
    return bufferRemaining;
  }

  /**
   * Records a SequenceAcknowledgement from the client (WS-RM 1.1 §3.9).
   *
   * @param ranges the AcknowledgementRanges it carried
   * @param buffer its {@code netrm:BufferRemaining} (messages), or null when it carried none (the
   *     previous advertisement then stands)
   */
  public void acknowledge(AcknowledgementRanges ranges, Integer buffer) {
    List<AcknowledgementRange> all = new ArrayList<>(acknowledged.ranges());
    all.addAll(ranges.ranges());
    acknowledged = AcknowledgementRanges.of(all);
    if (buffer != null) {
      bufferRemaining = buffer;
    }
  }

  /**
   * WCF flow control ([RM10] B4001–B4005): true when {@code messageNumber} lies within the client's
   * advertised BufferRemaining past the highest number it acknowledged, or when it never advertised
   * one.
   */
  public boolean withinBuffer(long messageNumber) {
    return bufferRemaining == null
        || messageNumber <= acknowledged.highest() + Math.max(bufferRemaining, 0);
  }
}
