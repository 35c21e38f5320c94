package dev.tandem.engine;

import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.model.StoredMessage;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.store.RmStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A map-backed RmStore for engine unit tests (no transactions: the tests are single-threaded). */
public final class InMemoryRmStore implements RmStore {
  final Map<String, ReliableSession> sequences = new HashMap<>();
  final Map<String, StoredMessage> messages = new HashMap<>();
  /** Sessions another transaction (another node) holds now: {@link #tryLock} skips them. */
  private final java.util.Set<String> heldElsewhere = new java.util.HashSet<>();

  /** Another node holds {@code sessionId} (true) or let it go (false). */
  public void heldElsewhere(String sessionId, boolean held) {
    if (held) {
      heldElsewhere.add(sessionId);
    } else {
      heldElsewhere.remove(sessionId);
    }
  }

  @Override
  public Optional<ReliableSession> tryLock(String sessionId) {
    return heldElsewhere.contains(sessionId) ? Optional.empty() : lock(sessionId);
  }

  @Override
  public void create(ReliableSession sequence) {
    sequences.put(sequence.id(), sequence);
  }

  @Override
  public boolean exists(String sessionId) {
    return sequences.containsKey(sessionId);
  }

  @Override
  public Optional<ReliableSession> lock(String sequenceId) {
    return Optional.ofNullable(sequences.get(sequenceId));
  }

  @Override
  public Optional<ReliableSession> lockBySourceSequence(String offeredId) {
    return sequences.values().stream()
        .filter(s -> offeredId.equals(s.outbound().id()))
        .findFirst();
  }

  @Override
  public void update(ReliableSession sequence) {
    sequences.put(sequence.id(), sequence);
  }

  @Override
  public Optional<StoredMessage> findMessage(String sequenceId, long messageNumber) {
    return Optional.ofNullable(messages.get(sequenceId + "#" + messageNumber));
  }

  @Override
  public void insertMessage(StoredMessage message) {
    if (messages.putIfAbsent(message.sequenceId() + "#" + message.messageNumber(), message) != null) {
      throw new jakarta.persistence.EntityExistsException("message stored twice");
    }
  }

  @Override
  public void saveMessage(StoredMessage message) {
    messages.put(message.sequenceId() + "#" + message.messageNumber(), message);
  }

  @Override
  public List<String> findInactive(Instant cutoff, int limit) {
    return sequences.values().stream()
        .filter(s -> s.inbound().state() != SequenceState.TERMINATED && s.inbound().lastActivity().isBefore(cutoff))
        .map(ReliableSession::id)
        .limit(limit)
        .toList();
  }

  @Override
  public List<String> findExpired(Instant now, int limit) {
    return sequences.values().stream()
        .filter(s -> s.inbound().state() != SequenceState.TERMINATED && s.inbound().isExpired(now))
        .map(ReliableSession::id)
        .limit(limit)
        .toList();
  }

  @Override
  public void deleteMessages(String sequenceId) {
    messages.keySet().removeIf(k -> k.startsWith(sequenceId + "#"));
  }

  @Override
  public long countOpen() {
    return sequences.values().stream().filter(s -> s.inbound().state() != SequenceState.TERMINATED).count();
  }

  @Override
  public int purgeTerminated(Instant cutoff, int limit) {
    List<String> gone =
        sequences.values().stream()
            .filter(s -> s.inbound().state() == SequenceState.TERMINATED && s.inbound().lastActivity().isBefore(cutoff))
            .map(ReliableSession::id)
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
