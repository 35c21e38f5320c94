/**
 * EJB facades that give the engine its transactions: one per inbound message ({@code
 * ServiceEndpointBean}), one per claim of the dual-HTTP drain of the outbound queue ({@code
 * OutboundDelivery}, driven by {@code OutboundSender}, which POSTs outside any transaction), the
 * InactivityTimeout and Expires sweep, the schema migration at deployment, and configuration.
 */
package dev.tandem.session;
