/**
 * The protocol state machine: RM Destination and the dispatcher that routes inbound messages by Action and RM headers. No HTTP, no JPA.
 * The one network touch is {@link dev.tandem.engine.CallbackPolicy}, which resolves a callback
 * address's host name (DNS) to judge where Tandem would POST.
 */
package dev.tandem.engine;
