/**
 * The admin page ({@code /servicemodelsamples/admin}) and its JSON view ({@code /admin/api}):
 * server-rendered pages (servlets forwarding to JSPs with JSTL) over {@link
 * dev.tandem.operations.SequenceAdmin}, protected by Jakarta Security with the role {@code admin}.
 * Credentials come from configuration ({@link dev.tandem.web.admin.AdminCredentials}) or, on Payara
 * Server, from its {@code file} realm ({@link dev.tandem.web.admin.AdminRealm}).
 */
package dev.tandem.web.admin;
