/**
 * EJB facades that give each inbound message one transaction, the InactivityTimeout sweep and configuration.
 */
package dev.tandem.session;
