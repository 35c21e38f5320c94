package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.model.OutboundMessage.Kind;
import dev.tandem.store.jpa.JpaOutboundStore;
import dev.tandem.store.jpa.JpaSessionStateStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OutboundStore} and {@link SessionStateStore} must show (the two stores
 * of schema version 2, both kept per session), run against each supported database by a subclass.
 *
 * <p>As in {@link RmStoreContract}: each test runs in a transaction that is rolled back afterwards,
 * so every test starts from an empty queue; "reload" (flush and clear) forces the next read to come
 * from the database rather than from the persistence context.
 */
public abstract class OutboundStoreContract extends StoreContract {

  private OutboundStore store;
  private SessionStateStore sessions;

  @Override
  protected void openStores(EntityManager em) {
    store = new JpaOutboundStore(em);
    sessions = new JpaSessionStateStore(em);
  }

  // ---- Enqueue ------------------------------------------------------------------------------

  @Test
  void enqueuedSequenceMessageIsReadBackFieldForField() {
    OutboundMessage m =
        new OutboundMessage(
            0,
            newId(),
            newId(),
            Long.MAX_VALUE,
            true,
            CLIENT,
            "http://Microsoft.ServiceModel.Samples/ICalculatorDuplex/Result",
            newId(),
            bytes("<Result xmlns=\"http://Microsoft.ServiceModel.Samples\"><result>3</result></Result>"),
            Kind.APPLICATION,
            7,
            T0);
    long id = store.enqueue(m);
    reload();

    assertSameMessage(only(store.findByAddress(CLIENT, 10)), withId(m, id));
  }

  @Test
  void enqueuedUnsequencedMessageWithoutOptionalFieldsIsReadBack() {
    OutboundMessage m =
        new OutboundMessage(
            0,
            newId(),
            null,
            0,
            false,
            CLIENT,
            "http://docs.oasis-open.org/ws-rx/wsrm/200702/CreateSequenceResponse",
            null,
            new byte[0],
            Kind.UNSEQUENCED,
            0,
            null);
    long id = store.enqueue(m);
    reload();

    OutboundMessage read = only(store.findByAddress(CLIENT, 10));
    assertSameMessage(read, withId(m, id));
    assertThat(read.isSequenced()).isFalse();
    assertThat(read.sequenceId()).isNull();
    assertThat(read.relatesTo()).isNull();
    assertThat(read.nextAttemptAt()).isNull();
    assertThat(read.body()).isNotNull().isEmpty();
  }

  @Test
  void enqueueAssignsIncreasingIdsAndIgnoresTheGivenOne() {
    String session = newId();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // A given id, even a huge one, is not used.
      ids.add(store.enqueue(withId(message(session, null, 0, CLIENT, T0), Long.MAX_VALUE - i)));
    }

    assertThat(ids).isSorted().doesNotHaveDuplicates().allMatch(id -> id < Long.MAX_VALUE - 4);
    reload();
    assertThat(store.findByAddress(CLIENT, 10)).extracting(OutboundMessage::id).isEqualTo(ids);
  }

  @Test
  void messagesOfEveryKindAreStored() {
    String session = newId();
    for (Kind kind : Kind.values()) {
      OutboundMessage m = message(session, newId(), 1, CLIENT, T0);
      store.enqueue(
          new OutboundMessage(
              0,
              m.sessionId(),
              m.sequenceId(),
              1,
              false,
              CLIENT,
              "urn:a",
              null,
              m.body(),
              kind,
              0,
              T0));
    }
    reload();

    assertThat(store.findByAddress(CLIENT, 10))
        .extracting(OutboundMessage::kind)
        .containsExactly(Kind.values());
  }

  @Test
  void replySequenceCreatedNumbersTheWaitingCallbacksAndDropsTheCreateSequence() {
    String session = newId();
    String other = newId();
    store.enqueue(kind(message(session, null, 0, CLIENT, T0), Kind.CREATE_SEQUENCE));
    store.enqueue(kind(message(session, null, 1, CLIENT, T0), Kind.APPLICATION));
    store.enqueue(kind(message(session, null, 2, CLIENT, T0), Kind.APPLICATION));
    store.enqueue(message(session, null, 0, CLIENT, T0)); // an unsequenced message stays as it is
    store.enqueue(kind(message(other, null, 1, CLIENT, T0), Kind.APPLICATION));
    List<OutboundMessage> before = store.findByAddress(CLIENT, 10); // managed rows, then bulk-changed
    assertThat(before).hasSize(5);

    String reply = newId();
    assertThat(store.replySequenceCreated(session, reply)).isEqualTo(2);
    List<OutboundMessage> after = store.findByAddress(CLIENT, 10);

    assertThat(after)
        .filteredOn(m -> m.sessionId().equals(session))
        .extracting(OutboundMessage::kind, OutboundMessage::sequenceId, OutboundMessage::messageNumber)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.APPLICATION, reply, 1L),
            org.assertj.core.groups.Tuple.tuple(Kind.APPLICATION, reply, 2L),
            org.assertj.core.groups.Tuple.tuple(Kind.UNSEQUENCED, null, 0L));
    assertThat(after)
        .filteredOn(m -> m.sessionId().equals(other))
        .allMatch(OutboundMessage::awaitsReplySequence);
  }

  private static OutboundMessage kind(OutboundMessage m, Kind kind) {
    return new OutboundMessage(
        m.id(), m.sessionId(), m.sequenceId(), m.messageNumber(), m.lastMessage(), m.to(),
        m.action(), m.relatesTo(), m.body(), kind, m.attempts(), m.nextAttemptAt());
  }

  @Test
  void messageWithoutRequiredValueIsRefused() {
    List<Function<OutboundMessage, OutboundMessage>> breakers =
        List.of(
            m -> copy(m, null, m.to(), m.action(), m.body(), m.kind()),
            m -> copy(m, m.sessionId(), null, m.action(), m.body(), m.kind()),
            m -> copy(m, m.sessionId(), m.to(), null, m.body(), m.kind()),
            m -> copy(m, m.sessionId(), m.to(), m.action(), null, m.kind()),
            m -> copy(m, m.sessionId(), m.to(), m.action(), m.body(), null),
            m -> copy(m, "x".repeat(201), m.to(), m.action(), m.body(), m.kind()));
    for (Function<OutboundMessage, OutboundMessage> breaker : breakers) {
      OutboundMessage broken = breaker.apply(message(newId(), newId(), 1, CLIENT, T0));
      EntityManager own = emf.createEntityManager();
      try {
        own.getTransaction().begin();
        assertThatThrownBy(
                () -> {
                  new JpaOutboundStore(own).enqueue(broken);
                  own.flush();
                })
            .isInstanceOf(PersistenceException.class);
      } finally {
        if (own.getTransaction().isActive()) {
          own.getTransaction().rollback();
        }
        own.close();
      }
    }
  }

  /**
   * Two sends of one unsequenced message (a retransmission overtaking a slow first POST, perhaps on
   * another node) both report it delivered: the second delete, in a transaction that had read the row
   * before the first committed, finds it gone and commits without an error.
   */
  @Test
  void deletingAMessageAnotherTransactionDeletedMeanwhileIsHarmless() {
    EntityManager first = emf.createEntityManager();
    EntityManager second = emf.createEntityManager();
    try {
      first.getTransaction().begin();
      long id = new JpaOutboundStore(first).enqueue(message(newId(), null, 0, CLIENT, T0));
      first.getTransaction().commit();

      second.getTransaction().begin();
      JpaOutboundStore late = new JpaOutboundStore(second);
      assertThat(late.find(id)).isPresent();

      first.getTransaction().begin();
      new JpaOutboundStore(first).delete(id);
      first.getTransaction().commit();

      late.delete(id);
      second.getTransaction().commit();
      assertThat(this.<java.util.Optional<OutboundMessage>>inTransaction(other -> other.find(id))).isEmpty();
    } finally {
      for (EntityManager own : List.of(first, second)) {
        if (own.getTransaction().isActive()) {
          own.getTransaction().rollback();
        }
        own.close();
      }
    }
  }

  @Test
  void committedMessageIsSeenByTheNextTransaction() {
    String session = newId();
    String to = MC_ANONYMOUS + newId();
    OutboundMessage m = message(session, newId(), 1, to, null);
    long id = inTransaction(other -> other.enqueue(m));
    try {
      assertSameMessage(only(inTransaction(other -> other.findByAddress(to, 10))), withId(m, id));
    } finally {
      int removed = inTransaction(other -> other.deleteSession(session));
      assertThat(removed).isEqualTo(1);
    }
  }

  // ---- findDue ------------------------------------------------------------------------------

  @Test
  void findDueReturnsMessagesDueAtTheCutoffOldestIdFirst() {
    String session = newId();
    Instant now = T0.plusSeconds(60);
    // Enqueue order, not due time, decides the order.
    long dueLast = store.enqueue(message(session, newId(), 1, CLIENT, now.minusSeconds(1)));
    long dueEarlier = store.enqueue(message(session, newId(), 1, CLIENT, now.minusSeconds(3600)));
    long dueExactlyNow = store.enqueue(message(session, newId(), 1, CLIENT, now));
    store.enqueue(message(session, newId(), 1, CLIENT, now.plusNanos(1_000)));
    store.enqueue(message(session, newId(), 1, CLIENT, null));
    reload();

    assertThat(store.findDue(now, 100, null))
        .extracting(OutboundMessage::id)
        .containsExactly(dueLast, dueEarlier, dueExactlyNow);
    assertThat(store.findDue(now.minusSeconds(2), 100, null))
        .extracting(OutboundMessage::id)
        .containsExactly(dueEarlier);
    assertThat(store.findDue(now.minusSeconds(3601), 100, null)).isEmpty();
  }

  @Test
  void findDueReturnsAtMostLimit() {
    String session = newId();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(store.enqueue(message(session, newId(), 1, CLIENT, T0.minusSeconds(i))));
    }
    reload();

    assertThat(store.findDue(T0, 3, null))
        .extracting(OutboundMessage::id)
        .containsExactlyElementsOf(ids.subList(0, 3));
    assertThat(store.findDue(T0, 5, null))
        .extracting(OutboundMessage::id)
        .containsExactlyElementsOf(ids);
    assertThat(store.findDue(T0, 0, null)).isEmpty();
    assertThatThrownBy(() -> store.findDue(T0, -1, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void findDueLeavesOutMakeConnectionAddresses() {
    String session = newId();
    long dualHttp = store.enqueue(message(session, newId(), 1, CLIENT, T0));
    long polled = store.enqueue(message(session, newId(), 1, MC_ANONYMOUS + newId(), T0));
    // The template itself, without the id, and a near miss are not MakeConnection addresses.
    long shorter =
        store.enqueue(message(session, newId(), 1, MC_ANONYMOUS.replace("?id=", "?id"), T0));
    long otherVersion =
        store.enqueue(message(session, newId(), 1, MC_ANONYMOUS.replace("200702", "200608"), T0));
    reload();

    assertThat(store.findDue(T0, 100, MC_ANONYMOUS))
        .extracting(OutboundMessage::id)
        .containsExactly(dualHttp, shorter, otherVersion);
    assertThat(store.findDue(T0, 100, null))
        .extracting(OutboundMessage::id)
        .containsExactly(dualHttp, polled, shorter, otherVersion);
  }

  @Test
  void findDueTreatsLikeWildcardsAndEscapesInThePrefixLiterally() {
    String prefix = "http://h.example/a_b%c!d\\e[f]?id=";
    String session = newId();
    long excluded = store.enqueue(message(session, newId(), 1, prefix + "1", T0));
    // Would match if '_' or '%' were wildcards, or '!' or '\' escapes.
    long underscore =
        store.enqueue(message(session, newId(), 1, "http://h.example/aXb%c!d\\e[f]?id=1", T0));
    long percent =
        store.enqueue(message(session, newId(), 1, "http://h.example/a_bYYc!d\\e[f]?id=1", T0));
    long bang =
        store.enqueue(message(session, newId(), 1, "http://h.example/a_b%cd\\e[f]?id=1", T0));
    long backslash =
        store.enqueue(message(session, newId(), 1, "http://h.example/a_b%c!de[f]?id=1", T0));
    long bracket =
        store.enqueue(message(session, newId(), 1, "http://h.example/a_b%c!d\\ef?id=1", T0));
    reload();

    assertThat(store.findDue(T0, 100, prefix))
        .extracting(OutboundMessage::id)
        .containsExactly(underscore, percent, bang, backslash, bracket)
        .doesNotContain(excluded);
    assertThat(store.findDue(T0, 100, "")).isEmpty();
  }

  // ---- update and delete --------------------------------------------------------------------

  @Test
  void updateWritesAttemptsAndNextAttemptTime() {
    long id = store.enqueue(message(newId(), newId(), 1, CLIENT, T0));
    reload();

    OutboundMessage sent = only(store.findDue(T0, 10, null)).attempted(T0.plusSeconds(30));
    store.update(sent);
    reload();

    assertSameMessage(only(store.findByAddress(CLIENT, 10)), sent);
    assertThat(store.findDue(T0.plusSeconds(29), 10, null)).isEmpty();
    assertThat(store.findDue(T0.plusSeconds(30), 10, null))
        .extracting(OutboundMessage::attempts)
        .containsExactly(1);

    // Waiting for nothing but an acknowledgement: never due again.
    store.update(only(store.findByAddress(CLIENT, 10)).attempted(null));
    reload();
    assertThat(store.findDue(T0.plus(36_500, ChronoUnit.DAYS), 10, null)).isEmpty();
    assertThat(only(store.findByAddress(CLIENT, 10)).attempts()).isEqualTo(2);
    assertThat(id).isPositive();
  }

  @Test
  void releaseHeldMakesTheSessionsHeldMessagesDueNowAndNothingElse() {
    String session = newId();
    String sequence = newId();
    long held1 = store.enqueue(message(session, sequence, 1, CLIENT, T0));
    long held2 = store.enqueue(message(session, sequence, 2, CLIENT, T0));
    long delayed = store.enqueue(message(session, sequence, 3, CLIENT, T0.plusSeconds(5)));
    long otherSession = store.enqueue(message(newId(), newId(), 1, CLIENT, T0));
    reload();
    for (long id : new long[] {held1, held2, otherSession}) {
      store.update(store.find(id).orElseThrow().heldUntil(T0.plusSeconds(1)));
    }
    reload();
    assertThat(store.find(held1).orElseThrow().held()).isTrue();
    assertThat(store.find(held1).orElseThrow().nextAttemptAt()).isEqualTo(T0.plusSeconds(1));

    List<OutboundMessage> released = store.releaseHeld(session, T0.plusMillis(200));
    reload();

    assertThat(released).extracting(OutboundMessage::id).containsExactly(held1, held2);
    for (long id : new long[] {held1, held2}) {
      OutboundMessage m = store.find(id).orElseThrow();
      assertThat(m.held()).isFalse();
      assertThat(m.nextAttemptAt()).isEqualTo(T0.plusMillis(200));
      assertThat(m.attempts()).isZero();
    }
    // A deliberately delayed message was never held: it keeps its time. Other sessions keep theirs.
    assertThat(store.find(delayed).orElseThrow().nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(store.find(otherSession).orElseThrow().held()).isTrue();
    assertThat(store.releaseHeld(session, T0.plusSeconds(2))).isEmpty();
    assertThat(store.releaseHeld(null, T0)).isEmpty();
  }

  @Test
  void updateOfAMessageNotLoadedInThisTransactionIsWritten() {
    OutboundMessage m = message(newId(), newId(), 4, CLIENT, T0);
    long id = store.enqueue(m);
    reload();

    OutboundMessage sent = withId(m, id).attempted(T0.plusSeconds(5)).attempted(T0.plusSeconds(9));
    store.update(sent);
    reload();

    assertSameMessage(only(store.findByAddress(CLIENT, 10)), sent);
  }

  @Test
  void updateWritesNothingButAttempts() {
    OutboundMessage m = message(newId(), newId(), 4, CLIENT, T0);
    long id = store.enqueue(m);
    reload();

    store.update(
        new OutboundMessage(
            id,
            newId(),
            newId(),
            9,
            true,
            "urn:elsewhere",
            "urn:other",
            "urn:r",
            bytes("other"),
            Kind.UNSEQUENCED,
            3,
            T0.plusSeconds(1)));
    reload();

    assertSameMessage(
        only(store.findByAddress(CLIENT, 10)),
        new OutboundMessage(
            id,
            m.sessionId(),
            m.sequenceId(),
            4,
            false,
            CLIENT,
            m.action(),
            m.relatesTo(),
            m.body(),
            m.kind(),
            3,
            T0.plusSeconds(1)));
  }

  @Test
  void updateOfARemovedMessageIsIgnored() {
    OutboundMessage m = message(newId(), newId(), 1, CLIENT, T0);
    long id = store.enqueue(m);
    reload();
    OutboundMessage loaded = only(store.findDue(T0, 10, null));
    store.acknowledge(m.sequenceId(), ranges(1, 1));

    store.update(loaded.attempted(T0.plusSeconds(1)));
    store.update(withId(m, id + 1_000_000).attempted(T0));
    reload();

    assertThat(store.findByAddress(CLIENT, 10)).isEmpty();
  }

  @Test
  void aMessageAcknowledgedByAnotherTransactionAfterAFindIsGoneAndItsUpdateIsMoot() {
    String to = CLIENT + "/" + UUID.randomUUID();
    OutboundMessage m = message(newId(), newId(), 1, to, T0);
    long id = inTransaction(s -> s.enqueue(m));
    try {
      OutboundMessage loaded = only(store.findByAddress(to, 10));
      inTransaction(s -> s.acknowledge(m.sequenceId(), ranges(1, 1)));

      assertThat(store.find(id)).isEmpty();
      store.update(loaded.attempted(T0.plusSeconds(1)));
      em.flush(); // before find re-read rows, this failed: the stale row's UPDATE matched nothing
      assertThat(store.findByAddress(to, 10)).isEmpty();
    } finally {
      em.getTransaction().rollback(); // releases its row locks before the clean-up deletes the row
      inTransaction(s -> s.deleteSession(m.sessionId()));
    }
  }

  @Test
  void findReadsWhatAnotherTransactionCommittedAfterAFind() {
    String to = CLIENT + "/" + UUID.randomUUID();
    OutboundMessage m = message(newId(), newId(), 1, to, T0);
    long id = inTransaction(s -> s.enqueue(m));
    try {
      only(store.findDue(T0, 1_000, null).stream().filter(o -> o.id() == id).toList());
      OutboundMessage claimed = withId(m, id).attempted(T0.plusSeconds(60));
      inTransaction(
          s -> {
            s.update(claimed);
            return null;
          });

      assertSameMessage(store.find(id).orElseThrow(), claimed);
      store.update(claimed.attempted(T0.plusSeconds(120)));
      reload();
      assertThat(only(store.findByAddress(to, 10)).attempts()).isEqualTo(2);
    } finally {
      em.getTransaction().rollback(); // releases its row locks before the clean-up deletes the row
      inTransaction(s -> s.deleteSession(m.sessionId()));
    }
  }

  @Test
  void findOfAMessageEnqueuedInThisTransactionReturnsIt() {
    OutboundMessage m = message(newId(), newId(), 3, CLIENT, T0);
    long id = store.enqueue(m);

    assertSameMessage(store.find(id).orElseThrow(), withId(m, id));
    assertThat(store.find(id + 1_000_000)).isEmpty();
  }

  @Test
  void deleteRemovesOneMessage() {
    String session = newId();
    long first = store.enqueue(message(session, null, 0, CLIENT, T0));
    long second = store.enqueue(message(session, null, 0, CLIENT, T0));
    long third = store.enqueue(message(session, null, 0, CLIENT, T0));
    reload();
    // Loaded into this transaction, as the sender would have.
    assertThat(store.findDue(T0, 10, null)).hasSize(3);

    store.delete(second);
    store.delete(third + 1_000_000);

    assertThat(store.findDue(T0, 10, null))
        .extracting(OutboundMessage::id)
        .containsExactly(first, third);
    reload();
    assertThat(store.findDue(T0, 10, null))
        .extracting(OutboundMessage::id)
        .containsExactly(first, third);
    store.delete(first);
    store.delete(third);
    reload();
    assertThat(store.countSession(session)).isZero();
  }

  // ---- acknowledge --------------------------------------------------------------------------

  @Test
  void acknowledgeRemovesExactlyTheCoveredNumbersOfThatSequence() {
    String session = newId();
    String acked = newId();
    String other = newId();
    for (long n = 1; n <= 12; n++) {
      store.enqueue(message(session, acked, n, CLIENT, T0));
      store.enqueue(message(session, other, n, CLIENT, T0));
    }
    store.enqueue(message(session, null, 0, CLIENT, T0));
    reload();
    // Loaded into this transaction before the acknowledgement, as the sender would have.
    assertThat(store.findDue(T0, 100, null)).hasSize(25);

    AcknowledgementRanges ack =
        AcknowledgementRanges.of(
            List.of(
                new AcknowledgementRange(1, 2),
                new AcknowledgementRange(4, 4),
                new AcknowledgementRange(7, 9),
                new AcknowledgementRange(12, 20)));
    assertThat(store.acknowledge(acked, ack)).isEqualTo(7);

    // Seen as gone in the same transaction, and from the database.
    assertThat(numbers(store.findDue(T0, 100, null), acked)).containsExactly(3L, 5L, 6L, 10L, 11L);
    reload();
    List<OutboundMessage> left = store.findDue(T0, 100, null);
    assertThat(numbers(left, acked)).containsExactly(3L, 5L, 6L, 10L, 11L);
    assertThat(numbers(left, other)).hasSize(12);
    assertThat(numbers(left, null)).containsExactly(0L);
    assertThat(store.countSession(session)).isEqualTo(18);

    // Acknowledging again removes nothing more; the rest can be acknowledged later.
    assertThat(store.acknowledge(acked, ack)).isZero();
    assertThat(store.acknowledge(acked, ranges(1, 11))).isEqualTo(5);
    reload();
    assertThat(numbers(store.findDue(T0, 100, null), acked)).isEmpty();
  }

  @Test
  void acknowledgeOfNothingOrAnUnknownSequenceRemovesNothing() {
    String session = newId();
    String sequence = newId();
    store.enqueue(message(session, sequence, 1, CLIENT, T0));
    // Outside a Sequence: MessageNumber 0, never covered by a range.
    store.enqueue(message(session, null, 0, CLIENT, T0));
    reload();

    assertThat(store.acknowledge(sequence, AcknowledgementRanges.empty())).isZero();
    assertThat(store.acknowledge(newId(), ranges(1, Long.MAX_VALUE))).isZero();
    assertThat(store.acknowledge(null, ranges(1, Long.MAX_VALUE))).isZero();
    reload();
    assertThat(store.countSession(session)).isEqualTo(2);
  }

  @Test
  void acknowledgeCoversTheHighestMessageNumber() {
    String sequence = newId();
    store.enqueue(message(newId(), sequence, Long.MAX_VALUE, CLIENT, T0));
    store.enqueue(message(newId(), sequence, Long.MAX_VALUE - 1, CLIENT, T0));

    assertThat(store.acknowledge(sequence, ranges(Long.MAX_VALUE, Long.MAX_VALUE))).isEqualTo(1);
    reload();
    assertThat(only(store.findByAddress(CLIENT, 10)).messageNumber()).isEqualTo(Long.MAX_VALUE - 1);
  }

  // ---- sessions -----------------------------------------------------------------------------

  @Test
  void deleteSessionRemovesEveryMessageOfThatSessionOnly() {
    String doomed = newId();
    String kept = newId();
    for (long n = 1; n <= 3; n++) {
      store.enqueue(message(doomed, newId(), n, CLIENT, T0));
      store.enqueue(message(kept, newId(), n, CLIENT, T0));
    }
    store.enqueue(message(doomed, null, 0, MC_ANONYMOUS + newId(), null));
    reload();
    assertThat(store.countSession(doomed)).isEqualTo(4);
    assertThat(store.findDue(T0, 100, null)).hasSize(6);

    assertThat(store.deleteSession(doomed)).isEqualTo(4);

    assertThat(store.countSession(doomed)).isZero();
    assertThat(store.findDue(T0, 100, null))
        .extracting(OutboundMessage::sessionId)
        .containsOnly(kept);
    reload();
    assertThat(store.countSession(doomed)).isZero();
    assertThat(store.countSession(kept)).isEqualTo(3);
    assertThat(store.deleteSession(doomed)).isZero();
    assertThat(store.deleteSession(newId())).isZero();
  }

  @Test
  void countSessionCountsStoredMessagesDueOrNot() {
    String session = newId();
    store.enqueue(message(session, newId(), 1, CLIENT, T0));
    store.enqueue(message(session, newId(), 2, CLIENT, null));
    store.enqueue(message(session, null, 0, MC_ANONYMOUS + newId(), T0.plusSeconds(3600)));
    store.enqueue(message(newId(), null, 0, CLIENT, T0));

    assertThat(store.countSession(session)).isEqualTo(3);
    assertThat(store.countSession(newId())).isZero();
    assertThat(store.countSession(null)).isZero();
  }

  // ---- findByAddress ------------------------------------------------------------------------

  @Test
  void findByAddressReturnsTheOldestMessagesForExactlyThatAddress() {
    String session = newId();
    String polled = MC_ANONYMOUS + newId();
    List<Long> ids = new ArrayList<>();
    ids.add(store.enqueue(message(session, newId(), 1, polled, T0.plusSeconds(3600))));
    store.enqueue(message(session, newId(), 1, polled + "0", T0));
    ids.add(store.enqueue(message(session, null, 0, polled, null)));
    store.enqueue(message(session, newId(), 1, CLIENT, T0));
    ids.add(store.enqueue(message(session, newId(), 2, polled, T0)));
    reload();

    assertThat(store.findByAddress(polled, 10)).extracting(OutboundMessage::id).isEqualTo(ids);
    assertThat(store.findByAddress(polled, 2))
        .extracting(OutboundMessage::id)
        .isEqualTo(ids.subList(0, 2));
    assertThat(store.findByAddress(polled, 0)).isEmpty();
    assertThat(store.findByAddress(MC_ANONYMOUS + newId(), 10)).isEmpty();
    assertThat(store.findByAddress(null, 10)).isEmpty();
    assertThatThrownBy(() -> store.findByAddress(polled, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- Payloads -----------------------------------------------------------------------------

  @Test
  void bodiesSurviveByteForByte() {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < 256; i++) {
      everyByte[i] = (byte) i;
    }
    byte[] mebibyte = new byte[1 << 20];
    new Random(42).nextBytes(mebibyte);
    String session = newId();
    for (byte[] body : List.of(everyByte, mebibyte, new byte[0])) {
      OutboundMessage m = message(session, null, 0, CLIENT, T0);
      store.enqueue(copy(m, m.sessionId(), m.to(), m.action(), body, m.kind()));
    }
    reload();

    assertThat(store.findByAddress(CLIENT, 10))
        .extracting(OutboundMessage::body)
        .containsExactly(everyByte, mebibyte, new byte[0]);
  }

  // ---- Session state ------------------------------------------------------------------------

  @Test
  void savedSessionStateIsLoaded() {
    String session = newId();
    sessions.save(session, "/servicemodelsamples/service.svc/duplex", "result=0;equation=0");
    reload();

    assertThat(sessions.load(session)).contains("result=0;equation=0");
    assertThat(sessions.load(newId())).isEmpty();
    assertThat(sessions.load(null)).isEmpty();
  }

  @Test
  void saveReplacesTheSessionState() {
    String session = newId();
    sessions.save(session, "/duplex", "result=0");
    reload();

    sessions.save(session, "/duplex", "result=5");
    assertThat(sessions.load(session)).contains("result=5");
    reload();
    assertThat(sessions.load(session)).contains("result=5");

    // Replaced twice in one transaction, without a reload between.
    sessions.save(session, "/duplex-sdk", "result=7");
    sessions.save(session, "/duplex-sdk", "");
    reload();
    assertThat(sessions.load(session)).contains("");
  }

  @Test
  void sessionStatesAreKeptApart() {
    String first = newId();
    String second = newId();
    sessions.save(first, "/duplex", "first");
    sessions.save(second, "/duplex", "second");
    reload();

    sessions.delete(first);
    reload();

    assertThat(sessions.load(first)).isEmpty();
    assertThat(sessions.load(second)).contains("second");
  }

  @Test
  void deleteRemovesTheSessionStateAndASaveMayFollow() {
    String session = newId();
    sessions.save(session, "/duplex", "before");
    reload();

    sessions.delete(session);
    assertThat(sessions.load(session)).isEmpty();
    sessions.delete(session);
    sessions.delete(newId());
    sessions.delete(null);
    reload();
    assertThat(sessions.load(session)).isEmpty();

    sessions.save(session, "/duplex", "after");
    reload();
    assertThat(sessions.load(session)).contains("after");
  }

  @Test
  void sessionStateOf64KibOfAnyTextSurvives() {
    // 64 KiB of UTF-8: two-, three- and four-byte characters, and the characters XML escapes.
    StringBuilder text = new StringBuilder();
    while (text.toString().getBytes(StandardCharsets.UTF_8).length < 64 * 1024 - 16) {
      text.append("é€\uD83D\uDE00<&>'\"\n\t;=");
    }
    String state = text.toString();
    String session = newId();
    sessions.save(session, "/duplex", state);
    reload();

    assertThat(sessions.load(session)).contains(state);
  }

  @Test
  void sessionStateWithoutRequiredValueIsRefused() {
    assertThatThrownBy(
            () -> {
              sessions.save(newId(), null, "state");
              em.flush();
            })
        .isInstanceOf(PersistenceException.class);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Work in a transaction of its own, committed when {@code work} returns. */
  private <T> T inTransaction(Function<OutboundStore, T> work) {
    EntityManager own = emf.createEntityManager();
    try {
      own.getTransaction().begin();
      T result = work.apply(new JpaOutboundStore(own));
      own.getTransaction().commit();
      return result;
    } finally {
      if (own.getTransaction().isActive()) {
        own.getTransaction().rollback();
      }
      own.close();
    }
  }

  /** A callback in {@code sequenceId} (or, when null, a message outside any Sequence). */
  private static OutboundMessage message(
      String sessionId, String sequenceId, long number, String to, Instant nextAttemptAt) {
    return new OutboundMessage(
        0,
        sessionId,
        sequenceId,
        number,
        false,
        to,
        "http://Microsoft.ServiceModel.Samples/ICalculatorDuplex/Equation",
        sequenceId == null ? null : "urn:uuid:" + UUID.randomUUID(),
        bytes("<Equation><eqn>0 + " + number + "</eqn></Equation>"),
        sequenceId == null ? Kind.UNSEQUENCED : Kind.APPLICATION,
        0,
        nextAttemptAt);
  }

  private static OutboundMessage withId(OutboundMessage m, long id) {
    return new OutboundMessage(
        id,
        m.sessionId(),
        m.sequenceId(),
        m.messageNumber(),
        m.lastMessage(),
        m.to(),
        m.action(),
        m.relatesTo(),
        m.body(),
        m.kind(),
        m.attempts(),
        m.nextAttemptAt());
  }

  private static OutboundMessage copy(
      OutboundMessage m, String sessionId, String to, String action, byte[] body, Kind kind) {
    return new OutboundMessage(
        m.id(),
        sessionId,
        m.sequenceId(),
        m.messageNumber(),
        m.lastMessage(),
        to,
        action,
        m.relatesTo(),
        body,
        kind,
        m.attempts(),
        m.nextAttemptAt());
  }

  private static OutboundMessage only(List<OutboundMessage> messages) {
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  /** The MessageNumbers of {@code sequenceId}'s messages among {@code messages}, in their order. */
  private static List<Long> numbers(List<OutboundMessage> messages, String sequenceId) {
    return messages.stream()
        .filter(m -> java.util.Objects.equals(m.sequenceId(), sequenceId))
        .map(OutboundMessage::messageNumber)
        .toList();
  }

  /** Field for field; records compare arrays by identity, so the body is compared by content. */
  private static void assertSameMessage(OutboundMessage actual, OutboundMessage expected) {
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.sessionId()).isEqualTo(expected.sessionId());
    assertThat(actual.sequenceId()).isEqualTo(expected.sequenceId());
    assertThat(actual.messageNumber()).isEqualTo(expected.messageNumber());
    assertThat(actual.lastMessage()).isEqualTo(expected.lastMessage());
    assertThat(actual.to()).isEqualTo(expected.to());
    assertThat(actual.action()).isEqualTo(expected.action());
    assertThat(actual.relatesTo()).isEqualTo(expected.relatesTo());
    assertThat(Arrays.equals(actual.body(), expected.body())).as("same body").isTrue();
    assertThat(actual.kind()).isEqualTo(expected.kind());
    assertThat(actual.attempts()).isEqualTo(expected.attempts());
    assertThat(actual.nextAttemptAt()).isEqualTo(expected.nextAttemptAt());
    assertThat(actual.held()).isEqualTo(expected.held());
  }
}
