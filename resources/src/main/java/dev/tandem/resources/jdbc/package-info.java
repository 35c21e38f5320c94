/**
 * Server-side JDBC glue installed into Payara's class path (not the application's): the data source
 * class behind the {@code jdbc/tandem} pool that picks PostgreSQL or embedded H2 from configuration
 * ({@link dev.tandem.resources.jdbc.ConfiguredDataSource}, the only public class), and the
 * package-private pieces it shares its work with: settings resolution, the embedded H2 default, the
 * driver choice and the start-up wait.
 */
package dev.tandem.resources.jdbc;
