package dev.tandem.client.rm;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The client's own Sequence, seen from its RM Source: the Identifier the RM Destination assigned,
 * the MessageNumbers assigned so far and which of them the RM Destination acknowledged. The
 * counterpart of {@link OfferedSequence}, the Sequence the client receives in.
 *
 * <p>Thread-safe: numbers are assigned on the application's thread while acknowledgements arrive on
 * the listener's or the poller's.
 */
final class OutboundSequence {
  private String id;
  private long lastNumber;
  private final SortedSet<Long> acked = new TreeSet<>();
  /** A Feb 2005 LastMessage was written (by this run or, resumed, by the one before). */
  private boolean lastMessageWritten;
  /** The Sequence was taken up from the store. */
  private boolean resumed;

  /** The RM Destination created the Sequence (CreateSequenceResponse) with Identifier {@code id}. */
  synchronized void created(String id) {
    this.id = id;
  }

  /**
   * Takes up a Sequence a stopped run left in the store.
   *
   * @param lastNumber the highest MessageNumber that run assigned; numbering goes on after it
   * @param lastMessageWritten whether that run wrote a Feb 2005 LastMessage
   */
  synchronized void restore(String id, long lastNumber, boolean lastMessageWritten) {
    this.id = id;
    this.lastNumber = lastNumber;
    this.lastMessageWritten = lastMessageWritten;
    this.resumed = true;
  }

  /** The Identifier, or null before the Sequence is created. */
  synchronized String id() {
    return id;
  }

  /** The highest MessageNumber assigned so far (0: none). */
  synchronized long lastNumber() {
    return lastNumber;
  }

  /**
   * Assigns the next MessageNumber (WS-RM 1.1 §3.3: from 1, without gaps).
   *
   * @throws IllegalStateException before the Sequence is created
   */
  synchronized long next() {
    if (id == null) {
      throw new IllegalStateException("open() first");
    }
    return ++lastNumber;
  }

  /**
   * Records a SequenceAcknowledgement if it is for this Sequence. Numbers never assigned are ignored:
   * an acknowledgement cannot cover a message that was not sent.
   */
  synchronized void acknowledge(Message.Ack ack) {
    if (!ack.id().equals(id)) {
      return;
    }
    for (long[] range : ack.ranges()) {
      for (long n = Math.max(1, range[0]); n <= Math.min(range[1], lastNumber); n++) {
        acked.add(n);
      }
    }
  }

  /** Whether MessageNumber {@code n} is acknowledged. */
  synchronized boolean isAcked(long n) {
    return acked.contains(n);
  }

  synchronized boolean lastMessageWritten() {
    return lastMessageWritten;
  }

  synchronized boolean isResumed() {
    return resumed;
  }
}
