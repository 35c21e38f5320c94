/**
 * Store ports: what the engine needs persisted. Implementations join the caller's JTA transaction.
 */
package dev.tandem.store;
