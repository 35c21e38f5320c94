/**
 * Runs the ported WCF services on Metro's JAX-WS server runtime, body in, body out; Metro's own RM
 * and addressing are never involved. {@link dev.tandem.binding.MetroApplicationInvoker} builds one
 * Metro endpoint per service of the {@link dev.tandem.endpoint.EndpointTable} and answers the
 * engine's questions about a path (reliable, duplex, HTTPS only) from that table.
 */
package dev.tandem.binding;
