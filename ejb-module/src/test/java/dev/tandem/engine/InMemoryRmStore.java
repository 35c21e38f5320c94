package dev.tandem.engine;

import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.model.StoredMessage;
import dev.tandem.store.RmStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A map-backed RmStore for engine unit tests (no transactions: the tests are single-threaded). */
public final class InMemoryRmStore implements RmStore {
  final Map<String, DestinationSequence> sequences = new HashMap<>();
  final Map<String, StoredMessage> messages = new HashMap<>();

  @Override
  public void create(DestinationSequence sequence) {
    sequences.put(sequence.id(), sequence);
  }

  @Override
  public Optional<DestinationSequence> lock(String sequenceId) {
    return Optional.ofNullable(sequences.get(sequenceId));
  }

  @Override
  public Optional<DestinationSequence> lockByOfferedId(String offeredId) {
    return sequences.values().stream().filter(s -> offeredId.equals(s.offeredId())).findFirst();
  }

  @Override
  public void update(DestinationSequence sequence) {
    sequences.put(sequence.id(), sequence);
  }

  @Override
  public Optional<StoredMessage> findMessage(String sequenceId, long messageNumber) {
    return Optional.ofNullable(messages.get(sequenceId + "#" + messageNumber));
  }

  @Override
  public void saveMessage(StoredMessage message) {
    messages.put(message.sequenceId() + "#" + message.messageNumber(), message);
  }

  @Override
  public List<String> findInactive(Instant cutoff, int limit) {
    return sequences.values().stream()
        .filter(s -> s.state() != SequenceState.TERMINATED && s.lastActivity().isBefore(cutoff))
        .map(DestinationSequence::id)
        .limit(limit)
        .toList();
  }

  @Override
  public List<String> findExpired(Instant now, int limit) {
    return sequences.values().stream()
        .filter(s -> s.state() != SequenceState.TERMINATED && s.isExpired(now))
        .map(DestinationSequence::id)
        .limit(limit)
        .toList();
  }

  @Override
  public void deleteMessages(String sequenceId) {
    messages.keySet().removeIf(k -> k.startsWith(sequenceId + "#"));
  }

  @Override
  public long countOpen() {
    return sequences.values().stream().filter(s -> s.state() != SequenceState.TERMINATED).count();
  }

  @Override
  public int purgeTerminated(Instant cutoff, int limit) {
    List<String> gone =
        sequences.values().stream()
            .filter(s -> s.state() == SequenceState.TERMINATED && s.lastActivity().isBefore(cutoff))
            .map(DestinationSequence::id)
            .limit(limit)
            .toList();
    gone.forEach(
        id -> {
          sequences.remove(id);
          deleteMessages(id);
        });
    return gone.size();
  }
}
