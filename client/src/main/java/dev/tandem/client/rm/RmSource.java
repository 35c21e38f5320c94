package dev.tandem.client.rm;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.w3c.dom.Element;

/**
 * The client's WS-RM Source, with an Offer: it creates its Sequence (offering the Sequence the
 * service's replies or callbacks travel in), sends numbered messages with AckRequested and
 * retransmits each with exponential back-off until its reply, acknowledgement or fault arrives,
 * acknowledges the offered Sequence on every message it sends, and ends the session (Feb 2005:
 * LastMessage + TerminateSequence; 1.1: CloseSequence + TerminateSequence).
 *
 * <p>Messages for the client arrive on the HTTP responses of its own requests (anonymous or MC
 * anonymous ReplyTo), or — duplex, MakeConnection — through {@link #accept(Message)} from a listener
 * or from {@link #poll}. State lives in memory only: the client is not durable across restarts.
 */
public final class RmSource {
  /** Writes an application body into {@code body}. */
  @FunctionalInterface
  public interface BodyWriter {
    void write(Envelope envelope, Element body);
  }

  private final HttpTransport transport;
  private final URI endpoint;
  private final RmVersion rm;
  private final String replyTo;
  private final RetryPolicy retry;
  private final Duration requestTimeout;
  private final String offeredId = "urn:uuid:" + UUID.randomUUID();

  private final Object lock = new Object();
  private final java.util.concurrent.atomic.AtomicLong transmissions =
      new java.util.concurrent.atomic.AtomicLong();
  private String sequenceId;
  private long lastNumber;
  private final SortedSet<Long> acked = new TreeSet<>();
  private final TreeMap<Long, Message> received = new TreeMap<>();
  private long deliveredUpTo;
  private final List<Message> delivered = new ArrayList<>();
  private final Map<String, Message> byRelatesTo = new HashMap<>();
  private final Set<String> actionsSeen = new HashSet<>();
  private Message fault;
  private boolean offeredLast;
  private boolean offeredTerminated;
  private Consumer<Message> onDelivery = m -> {};

  public RmSource(
      HttpTransport transport, URI endpoint, RmVersion rm, String replyTo, RetryPolicy retry, Duration requestTimeout) {
    this.transport = transport;
    this.endpoint = endpoint;
    this.rm = rm;
    this.replyTo = replyTo;
    this.retry = retry;
    this.requestTimeout = requestTimeout;
  }

  public RmVersion version() {
    return rm;
  }

  /** HTTP requests sent so far, first transmissions and retransmissions alike. */
  public long transmissions() {
    return transmissions.get();
  }

  public String offeredId() {
    return offeredId;
  }

  public String sequenceId() {
    synchronized (lock) {
      return sequenceId;
    }
  }

  /** Called (on the receiving thread) for each message of the offered Sequence, in order, once. */
  public void onDelivery(Consumer<Message> listener) {
    this.onDelivery = listener;
  }

  private static String newId() {
    return "urn:uuid:" + UUID.randomUUID();
  }

  // ---------------------------------------------------------------- inbound

  /** Takes in a message for this client (from an HTTP response, a listener or a poll). */
  public void accept(Message m) {
    List<Message> fresh = new ArrayList<>();
    synchronized (lock) {
      if (m.isFault()) {
        fault = m;
      }
      if (m.action() != null) {
        actionsSeen.add(m.action());
      }
      for (Message.Ack a : m.acks(rm)) {
        if (a.id().equals(sequenceId)) {
          for (long[] r : a.ranges()) {
            for (long n = Math.max(1, r[0]); n <= Math.min(r[1], lastNumber); n++) {
              acked.add(n);
            }
          }
        }
      }
      if (m.relatesTo() != null) {
        byRelatesTo.putIfAbsent(m.relatesTo(), m);
      }
      m.sequence(rm)
          .filter(s -> s.id().equals(offeredId))
          .ifPresent(
              s -> {
                received.putIfAbsent(s.number(), m);
                if (s.last() || rm.action("LastMessage").equals(m.action())) {
                  offeredLast = true;
                }
              });
      while (received.containsKey(deliveredUpTo + 1)) {
        Message next = received.get(++deliveredUpTo);
        if (next.payload() != null && !rm.action("LastMessage").equals(next.action())) {
          delivered.add(next);
          fresh.add(next);
        }
      }
      Element p = m.payload();
      if (p != null
          && rm.ns().equals(p.getNamespaceURI())
          && "TerminateSequence".equals(p.getLocalName())
          && offeredId.equals(Message.text(Message.child(p, rm.ns(), "Identifier")))) {
        offeredTerminated = true;
      }
      lock.notifyAll();
    }
    fresh.forEach(onDelivery);
  }

  /** The offered Sequence's application messages delivered so far, in order. */
  public List<Message> delivered() {
    synchronized (lock) {
      return new ArrayList<>(delivered);
    }
  }

  /** Waits until {@code count} application messages of the offered Sequence are delivered. */
  public List<Message> awaitDelivered(int count, Duration timeout) throws InterruptedException {
    if (!await(() -> delivered.size() >= count, timeout)) {
      throw new TransportException(
          "timed out after " + timeout.toSeconds() + " s waiting for " + count + " messages; got " + delivered().size());
    }
    return delivered();
  }

  /** The acknowledgement ranges of the offered Sequence (what this client received). */
  public List<long[]> receivedRanges() {
    synchronized (lock) {
      return ranges(received.keySet());
    }
  }

  /** Whether our message {@code n} is acknowledged. */
  public boolean isAcked(long n) {
    synchronized (lock) {
      return acked.contains(n);
    }
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

  private boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
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

  // ---------------------------------------------------------------- outbound

  /** Sends until {@code done}, retransmitting with back-off; a fault ends it with ServiceFaultException. */
  private void exchange(String what, Supplier<Envelope> build, BooleanSupplier done, boolean faultAfterRetryIsDone)
      throws InterruptedException {
    Exception last = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      try {
        transmissions.incrementAndGet();
        HttpTransport.Response r = transport.post(endpoint, build.get(), requestTimeout);
        if (r.message() != null) {
          accept(r.message());
        }
      } catch (IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          if (t instanceof SSLException ssl) {
            throw new TransportException("TLS failure talking to " + endpoint + ": " + ssl.getMessage(), e);
          }
        }
        last = e;
      }
      try {
        if (await(done, retry.interval(attempt))) {
          return;
        }
      } catch (ServiceFaultException f) {
        if (faultAfterRetryIsDone && attempt > 1) {
          // A retransmitted TerminateSequence the service already processed: the session is over.
          synchronized (lock) {
            fault = null;
          }
          return;
        }
        throw f;
      }
    }
    throw new TransportException(
        "no answer to " + what + " from " + endpoint + " after " + retry.maxAttempts() + " transmissions"
            + (last == null ? "" : " (" + last + ")"),
        last);
  }

  private Envelope base(String action, String messageId, boolean finalAck) {
    Envelope e = Envelope.create(rm);
    synchronized (lock) {
      if (!received.isEmpty() || finalAck) {
        e.sequenceAcknowledgement(offeredId, ranges(received.keySet()), finalAck);
      }
    }
    return e.addressing(action, messageId, replyTo, endpoint.toString());
  }

  /** CreateSequence with Offer; returns the Sequence identifier the service assigned. */
  public String open() throws InterruptedException {
    String id = newId();
    exchange(
        "CreateSequence",
        () -> {
          Envelope e = Envelope.create(rm).addressing(rm.action("CreateSequence"), id, replyTo, endpoint.toString());
          Element cs = e.rm(e.body(), "CreateSequence");
          e.epr(cs, rm.ns(), "r:AcksTo", replyTo);
          Element offer = e.rm(cs, "Offer");
          e.rm(offer, "Identifier", offeredId);
          if (rm == RmVersion.RM11) {
            e.epr(offer, rm.ns(), "r:Endpoint", replyTo);
            e.rm(offer, "IncompleteSequenceBehavior", "DiscardFollowingFirstGap");
          }
          return e;
        },
        () -> byRelatesTo.containsKey(id),
        false);
    Message csr;
    synchronized (lock) {
      csr = byRelatesTo.get(id);
    }
    Element p = csr.payload();
    if (p == null || !"CreateSequenceResponse".equals(p.getLocalName()) || !rm.ns().equals(p.getNamespaceURI())) {
      throw new TransportException("expected a CreateSequenceResponse, got " + csr.action());
    }
    String seq = Message.text(Message.child(p, rm.ns(), "Identifier"));
    synchronized (lock) {
      sequenceId = seq;
    }
    return seq;
  }

  private Envelope application(String action, String messageId, long n, BodyWriter body) {
    Envelope e = Envelope.create(rm).sequence(sequenceId(), n, false).ackRequested(sequenceId());
    synchronized (lock) {
      if (!received.isEmpty()) {
        e.sequenceAcknowledgement(offeredId, ranges(received.keySet()), false);
      }
    }
    e.addressing(action, messageId, replyTo, endpoint.toString());
    body.write(e, e.body());
    return e;
  }

  private long nextNumber() {
    synchronized (lock) {
      if (sequenceId == null) {
        throw new IllegalStateException("open() first");
      }
      return ++lastNumber;
    }
  }

  /** A two-way operation: sends until the reply (the message relating to it) arrives; returns it. */
  public Message request(String action, BodyWriter body) throws InterruptedException {
    long n = nextNumber();
    String id = newId();
    exchange(action + " #" + n, () -> application(action, id, n, body), () -> byRelatesTo.containsKey(id), false);
    synchronized (lock) {
      return byRelatesTo.get(id);
    }
  }

  /** A one-way operation: sends until it is acknowledged. Returns its message number. */
  public long send(String action, BodyWriter body) throws InterruptedException {
    long n = nextNumber();
    String id = newId();
    exchange(action + " #" + n, () -> application(action, id, n, body), () -> acked.contains(n), false);
    return n;
  }

  /** A stand-alone SequenceAcknowledgement for the offered Sequence, sent once (best effort). */
  public void sendAck() throws InterruptedException {
    Envelope e = base(rm.action("SequenceAcknowledgement"), newId(), false);
    try {
      HttpTransport.Response r = transport.post(endpoint, e, requestTimeout);
      if (r.message() != null) {
        accept(r.message());
      }
    } catch (IOException | TransportException ignored) {
      // the next message carries the acknowledgement again
    }
  }

  /**
   * One WS-MakeConnection poll for {@code mcAddress}, carrying the acknowledgement of the offered
   * Sequence; whatever comes back on the response is taken in. Returns the HTTP status.
   */
  public int poll(String mcAddress, Duration timeout) throws IOException, InterruptedException {
    Envelope e = base(Ns.MAKE_CONNECTION, newId(), false);
    Element mc = e.element(e.body(), Ns.MC, "mc:MakeConnection");
    mc.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:mc", Ns.MC);
    e.element(mc, Ns.MC, "mc:Address", mcAddress);
    HttpTransport.Response r = transport.post(endpoint, e, timeout);
    if (r.message() != null) {
      accept(r.message());
      if (r.message().isFault()) {
        throw new ServiceFaultException(r.message());
      }
    }
    return r.status();
  }

  /** Ends the session: Feb 2005 LastMessage + TerminateSequence, 1.1 CloseSequence + TerminateSequence. */
  public void close() throws InterruptedException {
    String seq = sequenceId();
    if (seq == null) {
      return;
    }
    if (rm == RmVersion.RM10) {
      long n = nextNumber();
      String id = newId();
      exchange(
          "LastMessage",
          () -> {
            Envelope e = Envelope.create(rm).sequence(seq, n, true);
            synchronized (lock) {
              if (!received.isEmpty()) {
                e.sequenceAcknowledgement(offeredId, ranges(received.keySet()), false);
              }
            }
            return e.addressing(rm.action("LastMessage"), id, replyTo, endpoint.toString());
          },
          () -> acked.contains(n) || offeredLast,
          false);
      String tid = newId();
      exchange(
          "TerminateSequence",
          () -> {
            Envelope e = base(rm.action("TerminateSequence"), tid, false);
            e.rm(e.rm(e.body(), "TerminateSequence"), "Identifier", seq);
            return e;
          },
          () -> byRelatesTo.containsKey(tid) || offeredTerminated,
          true);
      return;
    }
    long last;
    synchronized (lock) {
      last = lastNumber;
    }
    String cid = newId();
    exchange(
        "CloseSequence",
        () -> {
          Envelope e = base(rm.action("CloseSequence"), cid, true);
          Element c = e.rm(e.body(), "CloseSequence");
          e.rm(c, "Identifier", seq);
          e.rm(c, "LastMsgNumber", Long.toString(last));
          return e;
        },
        () -> byRelatesTo.containsKey(cid) || actionsSeen.contains(rm.action("CloseSequenceResponse")),
        false);
    String tid = newId();
    exchange(
        "TerminateSequence",
        () -> {
          Envelope e = base(rm.action("TerminateSequence"), tid, true);
          Element t = e.rm(e.body(), "TerminateSequence");
          e.rm(t, "Identifier", seq);
          e.rm(t, "LastMsgNumber", Long.toString(last));
          return e;
        },
        () -> byRelatesTo.containsKey(tid) || actionsSeen.contains(rm.action("TerminateSequenceResponse")),
        true);
  }
}
