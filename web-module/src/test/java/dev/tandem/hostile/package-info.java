/**
 * The hostile input suite (issue 7): generated mutations of valid WCF-shaped envelopes, hostile XML
 * (XXE, entity expansion, deep nesting), wrong media types and HTTP deliveries (oversized, chunked,
 * dripped, stalled) against one real uber-jar on PostgreSQL; each case states the SOAP fault or HTTP
 * status the specs call for, and the suite proves a victim session undisturbed and the server's heap
 * and threads bounded afterwards.
 */
package dev.tandem.hostile;
