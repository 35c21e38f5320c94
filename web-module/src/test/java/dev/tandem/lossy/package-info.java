/**
 * The bad day, made repeatable (issue 7): a seeded lossy HTTP proxy that drops, duplicates, delays
 * and reorders requests and responses between a real WS-RM client and the uber-jar; a raw WS-RM
 * client that retries through it; the execution ledger read straight from PostgreSQL as the
 * exactly-once, in-order proof; and the crash and database-outage tests built on them.
 *
 * <p>{@link dev.tandem.lossy.LossyProxy}, {@link dev.tandem.lossy.LossProfile}, {@link
 * dev.tandem.lossy.LinkFault} and {@link dev.tandem.lossy.ExecutionLedgerReader} are public and
 * published in web-module's test-jar for {@code it-cxf} (CXF's client through the same link): they
 * must keep needing nothing but the JDK, AssertJ and a JDBC driver (no Metro, no Tandem classes).
 */
package dev.tandem.lossy;
