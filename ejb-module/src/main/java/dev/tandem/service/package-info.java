/**
 * What ported WCF services see of Tandem: the per-session service contract ({@link
 * dev.tandem.service.SessionService}) and .NET-compatible formatting. Depends on nothing else.
 */
package dev.tandem.service;
