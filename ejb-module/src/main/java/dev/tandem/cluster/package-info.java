/**
 * Several nodes on one PostgreSQL store ({@code tandem.cluster.enabled}): what one node's commit
 * must tell the others, and which node runs the once-per-cluster duties. The database is the only
 * shared part: a committed outbound message for a MakeConnection address is announced with {@code
 * NOTIFY} in the committing transaction ({@link dev.tandem.cluster.ClusterNotices}), every node
 * {@code LISTEN}s on one dedicated connection ({@link dev.tandem.cluster.ClusterChannel}) and wakes
 * its parked polls, and the same connection holds a session-level advisory lock, the sweep lease,
 * which PostgreSQL releases when the node dies.
 */
package dev.tandem.cluster;
