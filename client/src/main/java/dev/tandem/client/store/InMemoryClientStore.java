package dev.tandem.client.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The default store: the RM Source's state in memory only, lost with the process. Thread-safe. */
public final class InMemoryClientStore implements ClientStore {
  private SourceSequence sequence;
  private final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
  private final TreeSet<Long> received = new TreeSet<>();
  private final TreeMap<Long, String> results = new TreeMap<>();

  @Override
  public synchronized Optional<SourceSequence> sequence() {
    return Optional.ofNullable(sequence);
  }

  @Override
  public synchronized void create(SourceSequence s) {
    if (sequence != null) {
      throw new IllegalStateException("the store already holds Sequence " + sequence.sequenceId());
    }
    sequence = s;
  }

  @Override
  public synchronized void storeMessage(StoredMessage m) {
    if (sequence == null) {
      throw new IllegalStateException("no Sequence");
    }
    if (messages.containsKey(m.number()) || results.containsKey(m.number())) {
      throw new IllegalStateException("MessageNumber " + m.number() + " is taken");
    }
    messages.put(m.number(), m);
    sequence = sequence.withNumber(m.number(), m.kind() == StoredMessage.Kind.LAST_MESSAGE);
  }

  @Override
  public synchronized void complete(long number, SortedSet<Long> receivedNumbers, String result) {
    messages.remove(number);
    received.addAll(receivedNumbers);
    if (result != null) {
      results.put(number, result);
    }
  }

  @Override
  public synchronized List<StoredMessage> unacknowledged() {
    return new ArrayList<>(messages.values());
  }

  @Override
  public synchronized SortedSet<Long> received() {
    return new TreeSet<>(received);
  }

  @Override
  public synchronized SortedMap<Long, String> results() {
    return new TreeMap<>(results);
  }

  @Override
  public synchronized void clear() {
    sequence = null;
    messages.clear();
    received.clear();
    results.clear();
  }

  @Override
  public void close() {
    // nothing to release
  }
}
