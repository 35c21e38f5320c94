package dev.tandem.client.rm;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Everything that reaches the client — on the HTTP response of its own request, from the dual
 * listener or from a MakeConnection poll — is taken in here: replies (by RelatesTo), the actions
 * seen, acknowledgements of the {@link OutboundSequence}, a fault, and the messages of the {@link
 * OfferedSequence}. It is also the monitor the RM Source waits on until a reply, an acknowledgement
 * or a fault arrives.
 *
 * <p>Thread-safe; the {@link OfferedSequence} is used only under its lock.
 */
final class Inbox {
  private final Object lock = new Object();
  private final RmVersion rm;
  private final OutboundSequence outbound;
  private final OfferedSequence offered;
  private final Map<String, Message> byRelatesTo = new HashMap<>();
  private final Set<String> actionsSeen = new HashSet<>();
  private Message fault;
  private Consumer<Message> onDelivery = m -> {};

  Inbox(RmVersion rm, OutboundSequence outbound) {
    this.rm = rm;
    this.outbound = outbound;
    this.offered = new OfferedSequence(rm);
  }

  /** Called (on the receiving thread) for each message of the offered Sequence, in order, once. */
  void onDelivery(Consumer<Message> listener) {
    this.onDelivery = listener;
  }

  /** Takes in a message for this client and wakes whoever waits in {@link #await}. */
  void accept(Message m) {
    List<Message> fresh;
    synchronized (lock) {
      if (m.isFault()) {
        fault = m;
      }
      if (m.action() != null) {
        actionsSeen.add(m.action());
      }
      m.acks(rm).forEach(outbound::acknowledge);
      if (m.relatesTo() != null) {
        byRelatesTo.putIfAbsent(m.relatesTo(), m);
      }
      fresh = offered.accept(m);
      lock.notifyAll();
    }
    // Outside the lock: the application's listener may take its time or send.
    fresh.forEach(onDelivery);
  }

  /**
   * Waits until {@code done} holds; {@code done} is evaluated under the lock, after each message
   * taken in.
   *
   * @param timeout how long to wait at most
   * @return true when {@code done} held, false when the timeout passed first
   * @throws ServiceFaultException when a fault arrived (before or while waiting), until {@link
   *     #clearFault()}
   */
  boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        if (fault != null) {
          throw new ServiceFaultException(fault);
        }
        if (done.getAsBoolean()) {
          return true;
        }
        long leftMs = (deadline - System.nanoTime()) / 1_000_000;
        if (leftMs <= 0) {
          return false;
        }
        lock.wait(leftMs);
      }
    }
  }

  /** Forgets the fault that arrived, so {@link #await} waits again. */
  void clearFault() {
    synchronized (lock) {
      fault = null;
    }
  }

  /** Whether a message relating to (answering) {@code messageId} arrived. */
  boolean hasReply(String messageId) {
    synchronized (lock) {
      return byRelatesTo.containsKey(messageId);
    }
  }

  /** The first message relating to {@code messageId}, or null. */
  Message reply(String messageId) {
    synchronized (lock) {
      return byRelatesTo.get(messageId);
    }
  }

  /** Whether any message with wsa:Action {@code action} arrived. */
  boolean hasSeen(String action) {
    synchronized (lock) {
      return actionsSeen.contains(action);
    }
  }

  // ---------------------------------------------------------------- the offered Sequence

  String offeredId() {
    synchronized (lock) {
      return offered.id();
    }
  }

  /** Takes up the offered Sequence of a stored session ({@link OfferedSequence#restore}). */
  void restoreOffered(String id, Set<Long> numbers) {
    synchronized (lock) {
      offered.restore(id, numbers);
    }
  }

  /** The offered Sequence's application messages delivered so far, in order. */
  List<Message> delivered() {
    synchronized (lock) {
      return offered.delivered();
    }
  }

  int deliveredCount() {
    synchronized (lock) {
      return offered.deliveredCount();
    }
  }

  /** The offered Sequence's received numbers as AcknowledgementRanges. */
  List<long[]> receivedRanges() {
    synchronized (lock) {
      return offered.ranges();
    }
  }

  /** The offered Sequence's received numbers, for the store. */
  SortedSet<Long> receivedNumbers() {
    synchronized (lock) {
      return offered.numbers();
    }
  }

  /** The service sent (Feb 2005) the offered Sequence's LastMessage. */
  boolean offeredIsLast() {
    synchronized (lock) {
      return offered.isLast();
    }
  }

  /** The service terminated the offered Sequence. */
  boolean offeredIsTerminated() {
    synchronized (lock) {
      return offered.isTerminated();
    }
  }

  /**
   * Adds the offered Sequence's SequenceAcknowledgement header to {@code e} once anything was
   * received on it; with {@code finalAck} (CloseSequence and TerminateSequence of WS-RM 1.1, whose
   * acknowledgement carries Final, §3.9) always.
   */
  void acknowledgeOffered(Envelope e, boolean finalAck) {
    synchronized (lock) {
      if (!offered.isEmpty() || finalAck) {
        e.sequenceAcknowledgement(offered.id(), offered.ranges(), finalAck);
      }
    }
  }
}
