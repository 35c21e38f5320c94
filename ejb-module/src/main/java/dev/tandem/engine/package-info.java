/**
 * The protocol state machine, framework-free (no HTTP, no JPA). {@link dev.tandem.engine.RmEngine}
 * wires it per transaction: {@link dev.tandem.engine.ProtocolDispatcher} routes an inbound message
 * by Action and RM headers to {@link dev.tandem.engine.SequenceLifecycle} (CreateSequence, Close,
 * Terminate, expiry; it chooses the session's {@link dev.tandem.rm.session.BackChannel} once), to
 * {@link dev.tandem.engine.RmDestination} (in-order, exactly-once delivery to the service), to
 * {@link dev.tandem.engine.outbound.RmSource} (the client's acknowledgements of what Tandem sent) or
 * to {@link dev.tandem.engine.MakeConnectionEngine} (a poll, one drain of the outbound queue in
 * {@code engine.outbound}). Answers go out by the session's back channel ({@code SessionAnswers}).
 * The one network touch is {@link dev.tandem.engine.CallbackPolicy}, which resolves a callback
 * address's host name (DNS) to judge where Tandem would POST.
 *
 * <p>What is refused before anything is stored: {@link dev.tandem.engine.ApplicationRequest} (an
 * application request's Action, MessageID and body); what is accepted although it carries nothing:
 * {@link dev.tandem.engine.HeaderlessProtocolMessage} (CXF's RM messages without their header).
 */
package dev.tandem.engine;
