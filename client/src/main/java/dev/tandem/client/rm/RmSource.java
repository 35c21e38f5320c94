package dev.tandem.client.rm;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.tandem.client.store.ClientStore;
import dev.tandem.client.store.InMemoryClientStore;
import dev.tandem.client.store.SourceSequence;
import dev.tandem.client.store.StoredMessage;
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
 *
 * <p>This class runs the session and keeps the store in step; the parts are its {@link
 * OutboundSequence} (numbering, acknowledgements), its {@link Inbox} (what arrived, the offered
 * Sequence, waiting), {@link SourceEnvelopes} (what it sends), {@link Retransmission} (until when)
 * and {@link SequenceTermination} (how the session ends).
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

  private final HttpTransport transport;
  private final URI endpoint;
  private final RmVersion rm;
  private final String replyTo;
  private final Duration requestTimeout;
  private final ClientStore store;
  private final OutboundSequence outbound = new OutboundSequence();
  private final Inbox inbox;
  private final SourceEnvelopes envelopes;
  private final Retransmission retransmission;
  private final SequenceTermination termination;

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
    this.transport = transport;
    this.endpoint = endpoint;
    this.rm = rm;
    this.replyTo = replyTo;
    this.requestTimeout = requestTimeout;
    this.inbox = new Inbox(rm, outbound);
    this.envelopes = new SourceEnvelopes(rm, replyTo, endpoint.toString(), inbox);
    this.retransmission = new Retransmission(transport, endpoint, retry, requestTimeout, inbox);
    this.termination = new SequenceTermination(rm, inbox, envelopes, retransmission);
  }

  public RmVersion version() {
    return rm;
  }

  /** HTTP requests sent so far, first transmissions and retransmissions alike. */
  public long transmissions() {
    return retransmission.transmissions();
  }

  public String offeredId() {
    return inbox.offeredId();
  }

  /** The highest MessageNumber assigned so far (after a {@link #resume}, the stored one). */
  public long lastNumber() {
    return outbound.lastNumber();
  }

  public String sequenceId() {
    return outbound.id();
  }

  /** Called (on the receiving thread) for each message of the offered Sequence, in order, once. */
  public void onDelivery(Consumer<Message> listener) {
    inbox.onDelivery(listener);
  }

  /** A fresh identifier (MessageID, Sequence Identifier): a UUID URN. */
  static String newId() {
    return "urn:uuid:" + UUID.randomUUID();
  }

  // ---------------------------------------------------------------- inbound

  /** Takes in a message for this client (from an HTTP response, a listener or a poll). */
  public void accept(Message m) {
    inbox.accept(m);
  }

  /** The offered Sequence's application messages delivered so far, in order. */
  public List<Message> delivered() {
    return inbox.delivered();
  }

  /** Waits until {@code count} application messages of the offered Sequence are delivered. */
  public List<Message> awaitDelivered(int count, Duration timeout) throws InterruptedException {
    if (!inbox.await(() -> inbox.deliveredCount() >= count, timeout)) {
      throw new TransportException(
          "timed out after " + timeout.toSeconds() + " s waiting for " + count + " messages; got " + delivered().size());
    }
    return delivered();
  }

  /** The acknowledgement ranges of the offered Sequence (what this client received). */
  public List<long[]> receivedRanges() {
    return inbox.receivedRanges();
  }

  /** Whether our message {@code n} is acknowledged. */
  public boolean isAcked(long n) {
    return outbound.isAcked(n);
  }

  // ---------------------------------------------------------------- outbound

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
    retransmission.exchange(
        "CreateSequence",
        retransmission.post(() -> envelopes.createSequence(id, offeredId())),
        () -> inbox.hasReply(id),
        0);
    Message csr = inbox.reply(id);
    Element p = csr.payload();
    if (p == null || !"CreateSequenceResponse".equals(p.getLocalName()) || !rm.ns().equals(p.getNamespaceURI())) {
      throw new TransportException("expected a CreateSequenceResponse, got " + csr.action());
    }
    String seq = Message.text(Message.child(p, rm.ns(), "Identifier"));
    outbound.created(seq);
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
        || !Objects.equals(held.application(), application)) {
      throw new IllegalStateException(
          "the client store holds an unfinished Sequence of another run ("
              + held.application() + " at " + held.endpoint() + ", WS-RM " + held.rmVersion() + ")");
    }
    inbox.restoreOffered(held.offeredId(), store.received());
    outbound.restore(held.sequenceId(), held.lastNumber(), held.lastMessageNumber() > 0);
    List<StoredMessage> pending = store.unacknowledged();
    for (StoredMessage m : pending) {
      long n = m.number();
      boolean request = m.kind() == StoredMessage.Kind.REQUEST;
      BooleanSupplier done = request ? () -> inbox.hasReply(m.messageId()) : () -> outbound.isAcked(n);
      retransmission.exchange(m.action() + " #" + n + " (stored)", retransmission.post(m.envelope()), done, 0);
      complete(n, request ? results.read(n, inbox.reply(m.messageId())) : null);
    }
    return pending.size();
  }

  /** Message {@code n} is answered: the store forgets it, with the received numbers and its result. */
  private void complete(long n, String result) {
    store.complete(n, inbox.receivedNumbers(), result);
  }

  /** Numbers, writes (before its first transmission) and sends a message until {@code done}. */
  private void sendStored(
      String action, long n, StoredMessage.Kind kind, Supplier<Envelope> build, String messageId, BooleanSupplier done)
      throws InterruptedException {
    Envelope first = build.get();
    store.storeMessage(new StoredMessage(n, messageId, action, kind, first.toBytes()));
    Envelope[] next = {first};
    retransmission.exchange(
        action + " #" + n,
        retransmission.post(() -> {
          // The first transmission is the stored envelope; retransmissions carry fresh acknowledgements.
          Envelope e = next[0] != null ? next[0] : build.get();
          next[0] = null;
          return e;
        }),
        done,
        0);
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
    long n = outbound.next();
    String id = newId();
    sendStored(
        action,
        n,
        StoredMessage.Kind.REQUEST,
        () -> envelopes.application(action, id, sequenceId(), n, body),
        id,
        () -> inbox.hasReply(id));
    Message reply = inbox.reply(id);
    complete(n, results.read(n, reply));
    return reply;
  }

  /** A one-way operation: sends until it is acknowledged. Returns its message number. */
  public long send(String action, BodyWriter body) throws InterruptedException {
    long n = outbound.next();
    String id = newId();
    sendStored(
        action,
        n,
        StoredMessage.Kind.ONE_WAY,
        () -> envelopes.application(action, id, sequenceId(), n, body),
        id,
        () -> outbound.isAcked(n));
    complete(n, null);
    return n;
  }

  /** A stand-alone SequenceAcknowledgement for the offered Sequence, sent once (best effort). */
  public void sendAck() throws InterruptedException {
    Envelope e = envelopes.sequenceAcknowledgement(newId());
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
    Envelope e = envelopes.makeConnection(newId(), mcAddress);
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
   * TerminateSequence ({@link SequenceTermination}); then the store forgets the Sequence.
   */
  public void close() throws InterruptedException {
    String seq = sequenceId();
    if (seq == null) {
      return;
    }
    if (rm == RmVersion.RM10 && !outbound.lastMessageWritten()) {
      // The LastMessage is numbered and stored like an application message, so a resumed run
      // retransmits it rather than numbering a second one.
      long n = outbound.next();
      String id = newId();
      sendStored(
          rm.action("LastMessage"),
          n,
          StoredMessage.Kind.LAST_MESSAGE,
          () -> envelopes.lastMessage(id, seq, n),
          id,
          () -> outbound.isAcked(n) || inbox.offeredIsLast());
      complete(n, null);
    }
    termination.terminate(seq, outbound.lastNumber(), outbound.isResumed());
    store.clear();
  }
}
