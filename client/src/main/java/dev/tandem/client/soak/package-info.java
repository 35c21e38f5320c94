/**
 * The soak test behind {@code tandem-client soak}: many reliable calculator sessions through a lossy
 * link ({@link dev.tandem.client.soak.LossyLink}), optionally while the server process is killed and
 * restarted ({@link dev.tandem.client.soak.ServerProcess}), checked afterwards against the server's
 * execution ledger ({@link dev.tandem.client.soak.ExecutionLedger}): every message executed exactly
 * once, in order.
 */
package dev.tandem.client.soak;
