/**
 * Server-side JDBC glue installed into Payara's class path (not the application's): the data source
 * class behind the {@code jdbc/tandem} pool that picks PostgreSQL or embedded H2 from configuration.
 */
package dev.tandem.resources.jdbc;
