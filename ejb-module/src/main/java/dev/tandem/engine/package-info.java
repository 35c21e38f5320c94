/**
 * The protocol state machine: RM Destination and the dispatcher that routes inbound messages by Action and RM headers. No HTTP, no JPA.
 */
package dev.tandem.engine;
