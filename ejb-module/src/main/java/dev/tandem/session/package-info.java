/**
 * EJB facades that give each inbound message one transaction, the InactivityTimeout and Expires
 * sweep, and configuration.
 */
package dev.tandem.session;
