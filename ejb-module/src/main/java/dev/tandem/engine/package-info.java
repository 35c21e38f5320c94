/**
 * The protocol state machine: RM Destination and the dispatcher that routes inbound messages by Action and RM headers. No HTTP, no JPA.
 * The one network touch is {@link dev.tandem.engine.CallbackPolicy}, which resolves a callback
 * address's host name (DNS) to judge where Tandem would POST.
 *
 * <p>What is refused before anything is stored: {@link dev.tandem.engine.ApplicationRequest} (an
 * application request's Action, MessageID and body); what is accepted although it carries nothing:
 * {@link dev.tandem.engine.HeaderlessProtocolMessage} (CXF's RM messages without their header).
 */
package dev.tandem.engine;
