package dev.tandem.client.rm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * The Sequence the client offered (WS-RM 1.1 §3.4 Offer), seen from its receiving end: the client is
 * its RM Destination. Records which message numbers arrived, delivers the application messages in
 * order and once, and notes the service's LastMessage (Feb 2005) and TerminateSequence for it.
 *
 * <p>Not thread-safe: {@link Inbox} calls it under its lock.
 */
final class OfferedSequence {
  private final RmVersion rm;
  private String id = "urn:uuid:" + UUID.randomUUID();
  /** By MessageNumber; a null value is a number received before a restart (so delivered then). */
  private final TreeMap<Long, Message> received = new TreeMap<>();
  private long deliveredUpTo;
  private final List<Message> delivered = new ArrayList<>();
  private boolean last;
  private boolean terminated;

  OfferedSequence(RmVersion rm) {
    this.rm = rm;
  }

  String id() {
    return id;
  }

  /**
   * Takes up the offered Sequence of a stored session: its identifier and the numbers received
   * before the restart, which are acknowledged again but never delivered again.
   */
  void restore(String storedId, Set<Long> numbers) {
    id = storedId;
    for (long n : numbers) {
      received.put(n, null);
    }
    while (received.containsKey(deliveredUpTo + 1)) {
      deliveredUpTo++;
    }
  }

  /** Takes in {@code m} if it belongs to this Sequence; returns the messages it made deliverable. */
  List<Message> accept(Message m) {
    List<Message> fresh = new ArrayList<>();
    m.sequence(rm)
        .filter(s -> s.id().equals(id))
        .ifPresent(
            s -> {
              if (received.get(s.number()) == null) {
                received.put(s.number(), m);
              }
              if (s.last() || rm.action("LastMessage").equals(m.action())) {
                last = true;
              }
            });
    while (received.containsKey(deliveredUpTo + 1)) {
      Message next = received.get(++deliveredUpTo);
      if (next != null && next.payload() != null && !rm.action("LastMessage").equals(next.action())) {
        delivered.add(next);
        fresh.add(next);
      }
    }
    Element p = m.payload();
    if (p != null
        && rm.ns().equals(p.getNamespaceURI())
        && "TerminateSequence".equals(p.getLocalName())
        && id.equals(Message.text(Message.child(p, rm.ns(), "Identifier")))) {
      terminated = true;
    }
    return fresh;
  }

  /** The application messages delivered so far, in order. */
  List<Message> delivered() {
    return new ArrayList<>(delivered);
  }

  int deliveredCount() {
    return delivered.size();
  }

  boolean isEmpty() {
    return received.isEmpty();
  }

  /** The received numbers, for the store. */
  SortedSet<Long> numbers() {
    return new TreeSet<>(received.keySet());
  }

  /** The received numbers as AcknowledgementRanges (Lower, Upper). */
  List<long[]> ranges() {
    return ranges(received.keySet());
  }

  /** The service sent (Feb 2005) the Sequence's LastMessage. */
  boolean isLast() {
    return last;
  }

  /** The service terminated the Sequence. */
  boolean isTerminated() {
    return terminated;
  }

  static List<long[]> ranges(Set<Long> numbers) {
    List<long[]> out = new ArrayList<>();
    long lo = -1;
    long hi = -1;
    for (long n : new TreeSet<>(numbers)) {
      if (lo < 0) {
        lo = n;
        hi = n;
      } else if (n == hi + 1) {
        hi = n;
      } else {
        out.add(new long[] {lo, hi});
        lo = n;
        hi = n;
      }
    }
    if (lo > 0) {
      out.add(new long[] {lo, hi});
    }
    return out;
  }
}
