/**
 * Runs the ported WCF services on Metro's JAX-WS server runtime, body in, body out; Metro's own RM and addressing are never involved.
 */
package dev.tandem.binding;
