package dev.tandem.engine;

import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.store.OutboundStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A map-backed OutboundStore for engine and session unit tests. */
public final class InMemoryOutboundStore implements OutboundStore {
  final TreeMap<Long, OutboundMessage> messages = new TreeMap<>();
  private long nextId = 1;

  @Override
  public long enqueue(OutboundMessage m) {
    long id = nextId++;
    messages.put(
        id,
        new OutboundMessage(
            id, m.sessionId(), m.sequenceId(), m.messageNumber(), m.lastMessage(), m.to(),
            m.action(), m.relatesTo(), m.body(), m.kind(), m.attempts(), m.nextAttemptAt(),
            m.held()));
    return id;
  }

  @Override
  public List<OutboundMessage> findDue(Instant now, int limit, String excludeAddressPrefix) {
    return messages.values().stream()
        .filter(m -> m.nextAttemptAt() != null && !m.nextAttemptAt().isAfter(now))
        .filter(m -> excludeAddressPrefix == null || !m.to().startsWith(excludeAddressPrefix))
        .limit(limit)
        .toList();
  }

  @Override
  public java.util.Optional<OutboundMessage> find(long id) {
    return java.util.Optional.ofNullable(messages.get(id));
  }

  @Override
  public void update(OutboundMessage message) {
    messages.put(message.id(), message);
  }

  @Override
  public List<OutboundMessage> releaseHeld(String sessionId, Instant now) {
    List<OutboundMessage> released =
        messages.values().stream()
            .filter(m -> m.held() && m.sessionId().equals(sessionId))
            .map(m -> m.released(now))
            .toList();
    released.forEach(m -> messages.put(m.id(), m));
    return released;
  }

  @Override
  public void delete(long id) {
    messages.remove(id);
  }

  @Override
  public int acknowledge(String sequenceId, AcknowledgementRanges acknowledged) {
    List<Long> gone = new ArrayList<>();
    messages.forEach(
        (id, m) -> {
          if (sequenceId.equals(m.sequenceId()) && acknowledged.contains(m.messageNumber())) {
            gone.add(id);
          }
        });
    gone.forEach(messages::remove);
    return gone.size();
  }

  @Override
  public int deleteSession(String sessionId) {
    List<Long> gone =
        messages.values().stream().filter(m -> m.sessionId().equals(sessionId)).map(OutboundMessage::id).toList();
    gone.forEach(messages::remove);
    return gone.size();
  }

  @Override
  public int replySequenceCreated(String sessionId, String sequenceId) {
    messages.values().removeIf(
        m -> m.sessionId().equals(sessionId) && m.kind() == OutboundMessage.Kind.CREATE_SEQUENCE);
    List<OutboundMessage> waiting =
        messages.values().stream()
            .filter(m -> m.sessionId().equals(sessionId) && m.awaitsReplySequence())
            .toList();
    for (OutboundMessage m : waiting) {
      messages.put(
          m.id(),
          new OutboundMessage(
              m.id(), m.sessionId(), sequenceId, m.messageNumber(), m.lastMessage(), m.to(),
              m.action(), m.relatesTo(), m.body(), m.kind(), m.attempts(), m.nextAttemptAt(),
              m.held()));
    }
    return waiting.size();
  }

  @Override
  public long countSession(String sessionId) {
    return messages.values().stream().filter(m -> m.sessionId().equals(sessionId)).count();
  }

  @Override
  public List<OutboundMessage> findByAddress(String to, int limit) {
    return messages.values().stream().filter(m -> m.to().equals(to)).limit(limit).toList();
  }
}
