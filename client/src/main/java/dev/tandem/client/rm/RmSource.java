package dev.tandem.client.rm;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.tandem.client.store.ClientStore;
import dev.tandem.client.store.InMemoryClientStore;
import dev.tandem.client.store.SourceSequence;
import dev.tandem.client.store.StoredMessage;
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
 * or from {@link #poll}.
 *
 * <p>Its state goes through a {@link ClientStore}: in memory by default; with a durable store a
 * restarted client {@link #resume resumes} the Sequence, retransmitting each message the store still
 * holds with its original MessageNumber and MessageID (WS-RM 1.1 §3.7), so the service answers it
 * from its stored reply instead of running it again.
 */
public final class RmSource {
  /** Writes an application body into {@code body}. */
  @FunctionalInterface
  public interface BodyWriter {
    void write(Envelope envelope, Element body);
  }

  /** Takes the application's result (stored with the acknowledgement) from the reply to a request. */
  @FunctionalInterface
  public interface ResultReader {
    /**
     * @param messageNumber the MessageNumber of the request
     * @param reply its reply
     * @return the result to keep, or null for none
     */
    String read(long messageNumber, Message reply);
  }

  /** One transmission of a message over HTTP. */
  @FunctionalInterface
  private interface Transmission {
    HttpTransport.Response send() throws IOException, InterruptedException;
  }

  private final HttpTransport transport;
  private final URI endpoint;
  private final RmVersion rm;
  private final String replyTo;
  private final RetryPolicy retry;
  private final Duration requestTimeout;
  private final ClientStore store;

  private final Object lock = new Object();
  private final java.util.concurrent.atomic.AtomicLong transmissions =
      new java.util.concurrent.atomic.AtomicLong();
  private String sequenceId;
  private long lastNumber;
  private final SortedSet<Long> acked = new TreeSet<>();
  private final OfferedSequence offered;
  private final Map<String, Message> byRelatesTo = new HashMap<>();
  private final Set<String> actionsSeen = new HashSet<>();
  private Message fault;
  /** A Feb 2005 LastMessage was written (by this run or, resumed, by the one before). */
  private boolean lastMessageSent;
  /** The Sequence was taken up from the store. */
  private boolean resumed;
  private Consumer<Message> onDelivery = m -> {};

  public RmSource(
      HttpTransport transport, URI endpoint, RmVersion rm, String replyTo, RetryPolicy retry, Duration requestTimeout) {
    this(transport, endpoint, rm, replyTo, retry, requestTimeout, new InMemoryClientStore());
  }

  /**
   * @param store where the Sequence's state is written (crash-safe order: see {@link ClientStore});
   *     closing the store stays the caller's job
   */
  public RmSource(
      HttpTransport transport,
      URI endpoint,
      RmVersion rm,
      String replyTo,
      RetryPolicy retry,
      Duration requestTimeout,
      ClientStore store) {
    this.store = store;
    this.offered = new OfferedSequence(rm);
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
    synchronized (lock) {
      return offered.id();
    }
  }

  /** The highest MessageNumber assigned so far (after a {@link #resume}, the stored one). */
  public long lastNumber() {
    synchronized (lock) {
      return lastNumber;
    }
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
    List<Message> fresh;
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
      fresh = offered.accept(m);
      lock.notifyAll();
    }
    fresh.forEach(onDelivery);
  }

  /** The offered Sequence's application messages delivered so far, in order. */
  public List<Message> delivered() {
    synchronized (lock) {
      return offered.delivered();
    }
  }

  /** Waits until {@code count} application messages of the offered Sequence are delivered. */
  public List<Message> awaitDelivered(int count, Duration timeout) throws InterruptedException {
    if (!await(() -> offered.deliveredCount() >= count, timeout)) {
      throw new TransportException(
          "timed out after " + timeout.toSeconds() + " s waiting for " + count + " messages; got " + delivered().size());
    }
    return delivered();
  }

  /** The acknowledgement ranges of the offered Sequence (what this client received). */
  public List<long[]> receivedRanges() {
    synchronized (lock) {
      return offered.ranges();
    }
  }

  /** Whether our message {@code n} is acknowledged. */
  public boolean isAcked(long n) {
    synchronized (lock) {
      return acked.contains(n);
    }
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
    exchange(what, () -> transport.post(endpoint, build.get(), requestTimeout), done, faultAfterRetryIsDone ? 2 : 0);
  }

  /**
   * @param faultIsDoneFrom from this transmission on, a fault ends the exchange as done (0: never): the
   *     service processed an earlier transmission of a TerminateSequence and forgot the Sequence
   */
  private void exchange(String what, Transmission transmission, BooleanSupplier done, int faultIsDoneFrom)
      throws InterruptedException {
    Exception last = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      try {
        transmissions.incrementAndGet();
        HttpTransport.Response r = transmission.send();
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
        if (faultIsDoneFrom > 0 && attempt >= faultIsDoneFrom) {
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
      if (!offered.isEmpty() || finalAck) {
        e.sequenceAcknowledgement(offered.id(), offered.ranges(), finalAck);
      }
    }
    return e.addressing(action, messageId, replyTo, endpoint.toString());
  }

  /** CreateSequence with Offer; returns the Sequence identifier the service assigned. */
  public String open() throws InterruptedException {
    return open(null);
  }

  /**
   * CreateSequence with Offer, then the new Sequence is written to the store.
   *
   * @param application what the Sequence carries (kept in the store; {@link SourceSequence})
   * @return the Sequence identifier the service assigned
   * @throws IllegalStateException if the store holds an unfinished Sequence: {@link #resume} it
   */
  public String open(String application) throws InterruptedException {
    store.sequence().ifPresent(held -> {
      throw new IllegalStateException("the client store holds the unfinished Sequence " + held.sequenceId());
    });
    String id = newId();
    exchange(
        "CreateSequence",
        () -> {
          Envelope e = Envelope.create(rm).addressing(rm.action("CreateSequence"), id, replyTo, endpoint.toString());
          Element cs = e.rm(e.body(), "CreateSequence");
          e.epr(cs, rm.ns(), "r:AcksTo", replyTo);
          Element offer = e.rm(cs, "Offer");
          e.rm(offer, "Identifier", offeredId());
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
    store.create(new SourceSequence(endpoint.toString(), rm.ns(), seq, offeredId(), replyTo, application, 0, 0));
    return seq;
  }

  /**
   * Takes up the Sequence the store holds, left by a run that stopped before terminating it: its
   * identifiers, its last MessageNumber and the offered Sequence's received numbers; then retransmits
   * every stored message (its bytes as first sent: same MessageNumber, same MessageID) until its reply
   * or acknowledgement arrives, and completes it in the store ({@code results} reads the replies).
   *
   * @return the number of messages retransmitted; -1 if the store holds no Sequence
   * @throws IllegalStateException if the stored Sequence is for another endpoint, RM version or
   *     application
   * @throws TransportException if a stored message gets no answer after the retry budget
   */
  public int resume(String application, ResultReader results) throws InterruptedException {
    SourceSequence held = store.sequence().orElse(null);
    if (held == null) {
      return -1;
    }
    if (!held.endpoint().equals(endpoint.toString())
        || !held.rmVersion().equals(rm.ns())
        || !java.util.Objects.equals(held.application(), application)) {
      throw new IllegalStateException(
          "the client store holds an unfinished Sequence of another run ("
              + held.application() + " at " + held.endpoint() + ", WS-RM " + held.rmVersion() + ")");
    }
    synchronized (lock) {
      sequenceId = held.sequenceId();
      offered.restore(held.offeredId(), store.received());
      lastNumber = held.lastNumber();
      lastMessageSent = held.lastMessageNumber() > 0;
      resumed = true;
    }
    List<StoredMessage> pending = store.unacknowledged();
    for (StoredMessage m : pending) {
      byte[] bytes = m.envelope();
      long n = m.number();
      BooleanSupplier done =
          m.kind() == StoredMessage.Kind.REQUEST ? () -> byRelatesTo.containsKey(m.messageId()) : () -> acked.contains(n);
      exchange(m.action() + " #" + n + " (stored)", () -> transport.post(endpoint, bytes, requestTimeout), done, 0);
      complete(n, m.kind() == StoredMessage.Kind.REQUEST ? results.read(n, reply(m.messageId())) : null);
    }
    return pending.size();
  }

  private Message reply(String messageId) {
    synchronized (lock) {
      return byRelatesTo.get(messageId);
    }
  }

  /** Message {@code n} is answered: the store forgets it, with the received numbers and its result. */
  private void complete(long n, String result) {
    SortedSet<Long> receivedNow;
    synchronized (lock) {
      receivedNow = offered.numbers();
    }
    store.complete(n, receivedNow, result);
  }

  /** Numbers, writes (before its first transmission) and sends a message until {@code done}. */
  private void sendStored(
      String action, long n, StoredMessage.Kind kind, Supplier<Envelope> build, String messageId, BooleanSupplier done)
      throws InterruptedException {
    Envelope first = build.get();
    store.storeMessage(new StoredMessage(n, messageId, action, kind, first.toBytes()));
    Envelope[] next = {first};
    exchange(
        action + " #" + n,
        () -> {
          // The first transmission is the stored envelope; retransmissions carry fresh acknowledgements.
          Envelope e = next[0] != null ? next[0] : build.get();
          next[0] = null;
          return transport.post(endpoint, e, requestTimeout);
        },
        done,
        0);
  }

  private Envelope application(String action, String messageId, long n, BodyWriter body) {
    Envelope e = Envelope.create(rm).sequence(sequenceId(), n, false).ackRequested(sequenceId());
    synchronized (lock) {
      if (!offered.isEmpty()) {
        e.sequenceAcknowledgement(offered.id(), offered.ranges(), false);
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
    return request(action, body, (n, reply) -> null);
  }

  /**
   * A two-way operation: written to the store, then sent until the reply arrives; the reply's result
   * ({@code results}) is stored with its completion. Returns the reply.
   */
  public Message request(String action, BodyWriter body, ResultReader results) throws InterruptedException {
    long n = nextNumber();
    String id = newId();
    sendStored(action, n, StoredMessage.Kind.REQUEST, () -> application(action, id, n, body), id, () -> byRelatesTo.containsKey(id));
    Message reply = reply(id);
    complete(n, results.read(n, reply));
    return reply;
  }

  /** A one-way operation: sends until it is acknowledged. Returns its message number. */
  public long send(String action, BodyWriter body) throws InterruptedException {
    long n = nextNumber();
    String id = newId();
    sendStored(action, n, StoredMessage.Kind.ONE_WAY, () -> application(action, id, n, body), id, () -> acked.contains(n));
    complete(n, null);
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

  /**
   * Ends the session: Feb 2005 LastMessage + TerminateSequence, 1.1 CloseSequence +
   * TerminateSequence; then the store forgets the Sequence.
   */
  public void close() throws InterruptedException {
    String seq = sequenceId();
    if (seq == null) {
      return;
    }
    // A resumed run may find its Sequence already terminated by the service (the earlier run died
    // after the service processed its TerminateSequence): a fault then means the session is over.
    int faultIsDoneFrom;
    boolean lastMessageWritten;
    synchronized (lock) {
      faultIsDoneFrom = resumed ? 1 : 2;
      lastMessageWritten = lastMessageSent;
    }
    if (rm == RmVersion.RM10) {
      if (!lastMessageWritten) {
        long n = nextNumber();
        String id = newId();
        sendStored(
            rm.action("LastMessage"),
            n,
            StoredMessage.Kind.LAST_MESSAGE,
            () -> {
              Envelope e = Envelope.create(rm).sequence(seq, n, true);
              synchronized (lock) {
                if (!offered.isEmpty()) {
                  e.sequenceAcknowledgement(offered.id(), offered.ranges(), false);
                }
              }
              return e.addressing(rm.action("LastMessage"), id, replyTo, endpoint.toString());
            },
            id,
            () -> acked.contains(n) || offered.isLast());
        complete(n, null);
      }
      String tid = newId();
      // Feb 2005: TerminateSequence is a one-way message, so an empty 2xx response completes it (CXF
      // answers 202); WCF, Metro and Tandem answer with a TerminateSequence of the offered Sequence.
      java.util.concurrent.atomic.AtomicBoolean accepted = new java.util.concurrent.atomic.AtomicBoolean();
      Transmission terminate =
          post(() -> {
            Envelope e = base(rm.action("TerminateSequence"), tid, false);
            e.rm(e.rm(e.body(), "TerminateSequence"), "Identifier", seq);
            return e;
          });
      exchange(
          "TerminateSequence",
          () -> {
            HttpTransport.Response r = terminate.send();
            if (r.message() == null && r.status() / 100 == 2) {
              accepted.set(true);
            }
            return r;
          },
          () -> byRelatesTo.containsKey(tid) || offered.isTerminated() || accepted.get(),
          faultIsDoneFrom);
      store.clear();
      return;
    }
    long last;
    synchronized (lock) {
      last = lastNumber;
    }
    String cid = newId();
    exchange(
        "CloseSequence",
        post(() -> {
          Envelope e = base(rm.action("CloseSequence"), cid, true);
          Element c = e.rm(e.body(), "CloseSequence");
          e.rm(c, "Identifier", seq);
          e.rm(c, "LastMsgNumber", Long.toString(last));
          return e;
        }),
        () -> byRelatesTo.containsKey(cid) || actionsSeen.contains(rm.action("CloseSequenceResponse")),
        faultIsDoneFrom == 1 ? 1 : 0);
    String tid = newId();
    exchange(
        "TerminateSequence",
        post(() -> {
          Envelope e = base(rm.action("TerminateSequence"), tid, true);
          Element t = e.rm(e.body(), "TerminateSequence");
          e.rm(t, "Identifier", seq);
          e.rm(t, "LastMsgNumber", Long.toString(last));
          return e;
        }),
        () -> byRelatesTo.containsKey(tid) || actionsSeen.contains(rm.action("TerminateSequenceResponse")),
        faultIsDoneFrom);
    store.clear();
  }

  private Transmission post(Supplier<Envelope> build) {
    return () -> transport.post(endpoint, build.get(), requestTimeout);
  }
}
