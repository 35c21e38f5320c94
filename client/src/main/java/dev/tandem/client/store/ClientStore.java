package dev.tandem.client.store;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The RM Source's state, as a port: one Sequence at a time (with the Sequence it offered for the
 * replies). Every method that changes something is one atomic, durable step for a durable store:
 * when it returns, a process killed right after finds the change on restart, and never half of it.
 *
 * <p>The order of use that makes a client crash-safe: {@link #create} after the
 * CreateSequenceResponse; {@link #storeMessage} before a message is first transmitted; {@link
 * #complete} once its reply or acknowledgement arrived, with the result the application took from
 * it; {@link #clear} after TerminateSequence. A Sequence created on the service but not yet stored
 * when the client dies is abandoned; the service ends it by its InactivityTimeout.
 *
 * @throws ClientStoreException (unchecked, from any method) when the store cannot be read or written
 */
public interface ClientStore extends AutoCloseable {

  /** The Sequence this store holds, if a run left one unfinished. */
  Optional<SourceSequence> sequence();

  /**
   * Starts holding {@code sequence}.
   *
   * @throws IllegalStateException if the store already holds a Sequence
   */
  void create(SourceSequence sequence);

  /**
   * Writes a message before its first transmission, raising the Sequence's last MessageNumber (and
   * its LastMessage number for {@link StoredMessage.Kind#LAST_MESSAGE}).
   *
   * @throws IllegalStateException if no Sequence is held or the number is taken
   */
  void storeMessage(StoredMessage message);

  /**
   * Message {@code number} is done: forgets it, records the offered Sequence's {@code received}
   * message numbers (all of them so far), and the application's {@code result}, unless null.
   */
  void complete(long number, SortedSet<Long> received, String result);

  /** The messages written by {@link #storeMessage} and not completed, by MessageNumber. */
  List<StoredMessage> unacknowledged();

  /** The offered Sequence's message numbers received so far (to acknowledge them again). */
  SortedSet<Long> received();

  /** The application's results so far, by the MessageNumber of the message that produced them. */
  SortedMap<Long, String> results();

  /** Forgets the Sequence and everything about it (after TerminateSequence). */
  void clear();

  /** Releases the store (a file store: its file lock). Nothing is lost: every change is already durable. */
  @Override
  void close();
}
