/**
 * The bad day, made repeatable (issue 7): a seeded lossy HTTP proxy that drops, duplicates, delays
 * and reorders requests and responses between a real WS-RM client and the uber-jar; a raw WS-RM
 * client that retries through it; the execution ledger read straight from PostgreSQL as the
 * exactly-once, in-order proof; and the crash and database-outage tests built on them.
 */
package dev.tandem.lossy;
