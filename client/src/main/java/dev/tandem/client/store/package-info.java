/**
 * The client's durable state as an RM Source: the port {@link dev.tandem.client.store.ClientStore}
 * (its Sequence, the messages not yet acknowledged with their bytes, the offered Sequence's received
 * message numbers and the application's results so far) with an in-memory implementation, the default,
 * and {@link dev.tandem.client.store.MvClientStore} on an H2 MVStore file, which lets a restarted
 * client resume its Sequence. Depends on nothing else of the client.
 */
package dev.tandem.client.store;
