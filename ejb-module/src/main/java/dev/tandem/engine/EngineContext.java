package dev.tandem.engine;

import dev.tandem.engine.outbound.OutboundQueue;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import java.time.Clock;

/**
 * What the RM Destination's parts ({@link RmDestination}, {@link SequenceLifecycle}) share within
 * one transaction: the stores, the service, the settings and the clock, the session's outbound
 * queue, how answers go out, how sessions are found and ended. Built once by {@link RmEngine}.
 */
record EngineContext(
    RmStore store,
    OutboundStore outbound,
    ApplicationInvoker application,
    RmSettings settings,
    Clock clock,
    OutboundQueue queue,
    SessionAnswers answers,
    SessionLocks locks,
    SessionTermination termination,
    RmEvents events) {}
