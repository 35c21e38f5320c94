package dev.tandem.cluster;

import java.time.Instant;
import java.util.Optional;

/**
 * "A message for {@code address}, due at {@code dueAt}, is committed", as one node tells the others
 * in a PostgreSQL notification payload: {@code node '\n' dueAt-epoch-ms '\n' address}. PostgreSQL
 * limits a payload to 8000 bytes; addresses are stored up to 2048 characters, so it fits.
 *
 * @param node the announcing node's id (a node ignores its own notices: it woke its polls already)
 * @param dueAt when the message falls due (a delayed callback: later than now)
 * @param address the MakeConnection anonymous address it waits for
 */
public record ClusterNotice(String node, Instant dueAt, String address) {
  /** The notification channel every node listens on. */
  public static final String CHANNEL = "tandem_outbound";

  /** The payload for {@code pg_notify}. */
  public String payload() {
    return node + '\n' + dueAt.toEpochMilli() + '\n' + address;
  }

  /**
   * Reads a payload written by {@link #payload()}.
   *
   * @return empty when it is not one (another application notifying on the channel)
   */
  public static Optional<ClusterNotice> parse(String payload) {
    if (payload == null) {
      return Optional.empty();
    }
    int first = payload.indexOf('\n');
    int second = first < 0 ? -1 : payload.indexOf('\n', first + 1);
    if (second < 0 || second == payload.length() - 1) {
      return Optional.empty();
    }
    try {
      long due = Long.parseLong(payload.substring(first + 1, second));
      return Optional.of(
          new ClusterNotice(
              payload.substring(0, first), Instant.ofEpochMilli(due), payload.substring(second + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
