/**
 * The protocol state machine: RM Destination and the dispatcher that routes inbound messages by Action and RM headers. No HTTP, no JPA.
 *
 * <p>What is refused before anything is stored: {@link dev.tandem.engine.ApplicationRequest} (an
 * application request's Action, MessageID and body); what is accepted although it carries nothing:
 * {@link dev.tandem.engine.HeaderlessProtocolMessage} (CXF's RM messages without their header).
 */
package dev.tandem.engine;
