package dev.tandem.engine;

import dev.tandem.engine.outbound.OutboundEnvelopes;
import dev.tandem.engine.outbound.OutboundQueue;
import dev.tandem.engine.outbound.RetransmissionPolicy;
import dev.tandem.engine.outbound.RmSource;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.store.ExecutionLedger;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The engine for one transaction: the RM Destination, the session life cycle, the RM Source and its
 * outbound queue, wired over the same stores. Cheap to build (no I/O); the session layer builds one
 * per inbound message or sender round.
 */
public final class RmEngine {
  private final RmSettings settings;
  private final OutboundQueue queue;
  private final RmDestination destination;
  private final SequenceLifecycle lifecycle;
  private final RmSource source;
  private final MakeConnectionEngine makeConnection;
  private final ProtocolDispatcher dispatcher;

  /** An engine that wakes nobody after commit and records no executions (tests, tools). */
  public RmEngine(
      RmStore store,
      OutboundStore outbound,
      ApplicationInvoker application,
      RmSettings settings,
      Clock clock) {
    this(store, outbound, application, settings, clock, m -> {}, ExecutionLedger.NONE);
  }

  /** An engine that observes nothing ({@link RmEvents#NONE}). */
  public RmEngine(
      RmStore store,
      OutboundStore outbound,
      ApplicationInvoker application,
      RmSettings settings,
      Clock clock,
      Consumer<OutboundMessage> queued,
      ExecutionLedger ledger) {
    this(store, outbound, application, settings, clock, queued, ledger, RmEvents.NONE);
  }

  /**
   * @param queued told of every outbound message queued or released, so the caller can wake the
   *     sender or a parked MakeConnection poll once the transaction commits
   * @param ledger where each delivery to the service is recorded, in its transaction (the
   *     exactly-once evidence; {@link ExecutionLedger#NONE} when off)
   * @param events told what happened to messages (metrics), inside the transaction
   */
  public RmEngine(
      RmStore store,
      OutboundStore outbound,
      ApplicationInvoker application,
      RmSettings settings,
      Clock clock,
      Consumer<OutboundMessage> queued,
      ExecutionLedger ledger,
      RmEvents events) {
    this.settings = settings;
    SessionTermination termination = new SessionTermination(store, application, clock);
    this.queue =
        new OutboundQueue(
            store,
            outbound,
            policy(settings),
            new OutboundEnvelopes(settings.maxTransferWindow()),
            clock,
            queued,
            termination,
            events);
    termination.queue(queue);
    EngineContext context =
        new EngineContext(
            store,
            outbound,
            application,
            settings,
            clock,
            queue,
            new SessionAnswers(queue, settings.maxTransferWindow()),
            new SessionLocks(store, clock),
            termination,
            events);
    this.destination = new RmDestination(context, ledger);
    this.lifecycle = new SequenceLifecycle(context);
    this.source = new RmSource(store, outbound, queue, clock);
    this.makeConnection = new MakeConnectionEngine(queue);
    this.dispatcher =
        new ProtocolDispatcher(destination, lifecycle, source, makeConnection, application);
  }

  /** The retransmission rules {@code settings} give (retry interval, MaxRetryCount). */
  public static RetransmissionPolicy policy(RmSettings settings) {
    return new RetransmissionPolicy(settings.retryIntervalMillis(), settings.maxRetries());
  }

  public RmSettings settings() {
    return settings;
  }

  /** Routes an inbound message (the entry point for requests). */
  public ProtocolDispatcher dispatcher() {
    return dispatcher;
  }

  public RmDestination destination() {
    return destination;
  }

  /** CreateSequence, Close, Terminate, and the expiry sweep's {@link SequenceLifecycle#expire}. */
  public SequenceLifecycle lifecycle() {
    return lifecycle;
  }

  /** The outbound queue: the sender's {@link OutboundQueue#claimDue} drain. */
  public OutboundQueue queue() {
    return queue;
  }

  public RmSource source() {
    return source;
  }

  /** The MakeConnection drain, for parked polls. */
  public MakeConnectionEngine makeConnection() {
    return makeConnection;
  }
}
