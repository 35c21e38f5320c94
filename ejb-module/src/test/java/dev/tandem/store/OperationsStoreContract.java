package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.model.MessageStatus;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.model.OutboundMessage.Kind;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.model.StoredMessage;
import dev.tandem.rm.session.BackChannel;
import dev.tandem.rm.session.DestinationSequence;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.rm.session.SourceSequence;
import dev.tandem.store.OperationsStore.Census;
import dev.tandem.store.OperationsStore.Filter;
import dev.tandem.store.OperationsStore.MessageRow;
import dev.tandem.store.OperationsStore.OutboundRow;
import dev.tandem.store.OperationsStore.SessionRow;
import dev.tandem.store.jpa.JpaOperationsStore;
import dev.tandem.store.jpa.JpaOutboundStore;
import dev.tandem.store.jpa.JpaRmStore;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OperationsStore} must show (what the admin page, its JSON view and the
 * metrics' gauges read and do), run against each supported database by a subclass. Sessions,
 * messages and outbound rows are written through the real {@link JpaRmStore} and {@link
 * JpaOutboundStore} over the same entity manager.
 *
 * <p>As in {@link RmStoreContract}: each test runs in a transaction that is rolled back afterwards,
 * so every test starts from an empty store (the database is the subclass's own); "reload" (flush and
 * clear) forces the next read to come from the database rather than from the persistence context.
 */
public abstract class OperationsStoreContract extends StoreContract {
  private static final String SERVICE = "/servicemodelsamples/service.svc";
  private static final String DUPLEX = "/servicemodelsamples/service.svc/duplex";

  private RmStore rm;
  private OutboundStore outbound;
  private OperationsStore ops;

  @Override
  protected void openStores(EntityManager em) {
    rm = new JpaRmStore(em);
    outbound = new JpaOutboundStore(em);
    ops = new JpaOperationsStore(em);
  }

  // ---- sessions and count -------------------------------------------------------------------

  @Test
  void sessionsAreListedMostRecentlyActiveFirst() {
    ReliableSession old = stored(newId(), newId(), SERVICE, SequenceState.ACTIVE, T0.plusSeconds(10));
    ReliableSession newest =
        stored(newId(), null, SERVICE, SequenceState.CLOSED, T0.plusSeconds(30));
    ReliableSession middle =
        stored(newId(), newId(), DUPLEX, SequenceState.TERMINATED, T0.plusSeconds(20));
    reload();

    List<SessionRow> rows = ops.sessions(Filter.ALL, 100);

    assertThat(rows)
        .extracting(r -> r.session().id())
        .containsExactly(newest.id(), middle.id(), old.id());
    SessionRow first = rows.get(2);
    assertThat(first.created()).isEqualTo(T0);
    assertThat(first.queued()).isZero();
    assertThat(first.session().outbound().id()).isEqualTo(old.outbound().id());
    assertThat(first.session().endpoint()).isEqualTo(SERVICE);
    assertThat(first.session().inbound().state()).isEqualTo(SequenceState.ACTIVE);
    assertThat(first.session().inbound().lastActivity()).isEqualTo(T0.plusSeconds(10));
    assertThat(rows.get(0).session().outbound().awaitsIdentifier()).isTrue();
    assertThat(ops.count(Filter.ALL)).isEqualTo(3);
  }

  @Test
  void limitBoundsTheListButNotTheCount() {
    for (int i = 1; i <= 5; i++) {
      stored(newId(), null, SERVICE, SequenceState.ACTIVE, T0.plusSeconds(i));
    }
    reload();

    List<SessionRow> all = ops.sessions(Filter.ALL, 100);
    assertThat(all).hasSize(5);
    assertThat(ops.sessions(Filter.ALL, 2))
        .extracting(r -> r.session().id())
        .containsExactly(all.get(0).session().id(), all.get(1).session().id());
    assertThat(ops.sessions(Filter.ALL, 5)).hasSize(5);
    assertThat(ops.count(Filter.ALL)).isEqualTo(5);
    // Pages: an offset skips that many of the same order.
    assertThat(ops.sessions(Filter.ALL, 2, 2))
        .extracting(r -> r.session().id())
        .containsExactly(all.get(2).session().id(), all.get(3).session().id());
    assertThat(ops.sessions(Filter.ALL, 4, 2))
        .extracting(r -> r.session().id())
        .containsExactly(all.get(4).session().id());
    assertThat(ops.sessions(Filter.ALL, 5, 2)).isEmpty();
  }

  @Test
  void emptyStoreListsNothing() {
    assertThat(ops.sessions(Filter.ALL, 100)).isEmpty();
    assertThat(ops.count(Filter.ALL)).isZero();
    assertThat(ops.session(newId())).isEmpty();
  }

  @Test
  void filterByStateListsOnlyThatState() {
    String active = stored(newId(), null, SERVICE, SequenceState.ACTIVE, T0).id();
    String closed = stored(newId(), null, SERVICE, SequenceState.CLOSED, T0).id();
    String terminated1 =
        stored(newId(), null, SERVICE, SequenceState.TERMINATED, T0.plusSeconds(2)).id();
    String terminated2 =
        stored(newId(), null, DUPLEX, SequenceState.TERMINATED, T0.plusSeconds(1)).id();
    reload();

    assertThat(ids(new Filter(SequenceState.ACTIVE, null, null))).containsExactly(active);
    assertThat(ids(new Filter(SequenceState.CLOSED, null, null))).containsExactly(closed);
    assertThat(ids(new Filter(SequenceState.TERMINATED, null, null)))
        .containsExactly(terminated1, terminated2);
    assertThat(ops.count(new Filter(SequenceState.ACTIVE, null, null))).isEqualTo(1);
    assertThat(ops.count(new Filter(SequenceState.TERMINATED, null, null))).isEqualTo(2);
  }

  @Test
  void filterByEndpointMatchesTheServicePathExactly() {
    String service = stored(newId(), null, SERVICE, SequenceState.ACTIVE, T0).id();
    String duplex1 = stored(newId(), null, DUPLEX, SequenceState.ACTIVE, T0.plusSeconds(2)).id();
    String duplex2 = stored(newId(), null, DUPLEX, SequenceState.CLOSED, T0.plusSeconds(1)).id();
    reload();

    // SERVICE is a prefix of DUPLEX: only the exact path matches.
    assertThat(ids(new Filter(null, SERVICE, null))).containsExactly(service);
    assertThat(ids(new Filter(null, DUPLEX, null))).containsExactly(duplex1, duplex2);
    assertThat(ids(new Filter(null, "/servicemodelsamples", null))).isEmpty();
    assertThat(ops.count(new Filter(null, DUPLEX, null))).isEqualTo(2);
    // Parts of a filter combine.
    assertThat(ids(new Filter(SequenceState.CLOSED, DUPLEX, null))).containsExactly(duplex2);
    assertThat(ids(new Filter(SequenceState.CLOSED, SERVICE, null))).isEmpty();
    assertThat(ops.count(new Filter(SequenceState.CLOSED, SERVICE, null))).isZero();
  }

  @Test
  void filterByPartOfEitherIdentifier() {
    String inboundUuid = UUID.randomUUID().toString();
    String outboundUuid = UUID.randomUUID().toString();
    ReliableSession a =
        stored(
            "urn:uuid:" + inboundUuid,
            "urn:uuid:" + outboundUuid,
            SERVICE,
            SequenceState.ACTIVE,
            T0.plusSeconds(1));
    ReliableSession b = stored(newId(), newId(), SERVICE, SequenceState.ACTIVE, T0);
    stored(newId(), null, SERVICE, SequenceState.ACTIVE, T0); // no outbound Identifier yet
    reload();

    String ofInbound = inboundUuid.substring(9, 23);
    String ofOutbound = outboundUuid.substring(9, 23);
    assertThat(ids(new Filter(null, null, ofInbound))).containsExactly(a.id());
    assertThat(ids(new Filter(null, null, ofOutbound))).containsExactly(a.id());
    assertThat(ids(new Filter(null, null, a.id()))).containsExactly(a.id());
    assertThat(ids(new Filter(null, null, a.outbound().id()))).containsExactly(a.id());
    assertThat(ids(new Filter(null, null, b.outbound().id()))).containsExactly(b.id());
    assertThat(ops.count(new Filter(null, null, ofOutbound))).isEqualTo(1);
    // A part common to all ids matches all of them.
    assertThat(ops.count(new Filter(null, null, "urn:uuid:"))).isEqualTo(3);
    assertThat(ids(new Filter(null, null, "no-such-part"))).isEmpty();
    assertThat(ops.count(new Filter(null, null, "no-such-part"))).isZero();
    // Combined with the other parts.
    assertThat(ids(new Filter(SequenceState.ACTIVE, SERVICE, ofInbound))).containsExactly(a.id());
    assertThat(ids(new Filter(SequenceState.CLOSED, SERVICE, ofInbound))).isEmpty();
    assertThat(ids(new Filter(null, DUPLEX, ofOutbound))).isEmpty();
  }

  @Test
  void identifierSearchIsCaseSensitive() {
    String id = "urn:test:AbCdEf-" + UUID.randomUUID();
    stored(id, null, SERVICE, SequenceState.ACTIVE, T0);
    reload();

    assertThat(ids(new Filter(null, null, "AbCdEf"))).containsExactly(id);
    assertThat(ids(new Filter(null, null, "abcdef"))).isEmpty();
    assertThat(ops.count(new Filter(null, null, "ABCDEF"))).isZero();
  }

  @Test
  void identifierSearchTreatsLikeWildcardsAndEscapesLiterally() {
    String u = UUID.randomUUID().toString();
    String underscore = stored("urn:test:a_b:" + u, null, SERVICE, SequenceState.ACTIVE, T0).id();
    // Would match "a_b" if '_' were a wildcard.
    String notUnderscore = stored("urn:test:aXb:" + u, null, SERVICE, SequenceState.ACTIVE, T0).id();
    // Offered Identifiers are the client's choice: '%' in one.
    ReliableSession percent =
        stored(newId(), "http://client.example/seq/50%off/" + u, SERVICE, SequenceState.ACTIVE, T0);
    // Would match "50%off" if '%' were a wildcard.
    stored(newId(), "http://client.example/seq/50-and-more-off/" + u, SERVICE,
        SequenceState.ACTIVE, T0);
    String bang = stored("urn:test:x!y:" + u, null, SERVICE, SequenceState.ACTIVE, T0).id();
    stored("urn:test:xy:" + u, null, SERVICE, SequenceState.ACTIVE, T0);
    String backslash = stored("urn:test:p\\q:" + u, null, SERVICE, SequenceState.ACTIVE, T0).id();
    stored("urn:test:pq:" + u, null, SERVICE, SequenceState.ACTIVE, T0);
    reload();

    assertThat(ids(new Filter(null, null, "a_b"))).containsExactly(underscore);
    assertThat(ids(new Filter(null, null, "aXb"))).containsExactly(notUnderscore);
    assertThat(ids(new Filter(null, null, "50%off"))).containsExactly(percent.id());
    assertThat(ids(new Filter(null, null, "%"))).containsExactly(percent.id());
    assertThat(ids(new Filter(null, null, "_"))).containsExactly(underscore);
    assertThat(ids(new Filter(null, null, "x!y"))).containsExactly(bang);
    assertThat(ids(new Filter(null, null, "p\\q"))).containsExactly(backslash);
    assertThat(ops.count(new Filter(null, null, "%"))).isEqualTo(1);
    assertThat(ops.count(new Filter(null, null, "_"))).isEqualTo(1);
    assertThat(ops.count(new Filter(null, null, u))).isEqualTo(8);
  }

  @Test
  void queuedCountsEachSessionsOutboundMessages() {
    ReliableSession busy = stored(newId(), newId(), DUPLEX, SequenceState.ACTIVE, T0.plusSeconds(2));
    ReliableSession idle = stored(newId(), newId(), DUPLEX, SequenceState.ACTIVE, T0.plusSeconds(1));
    enqueue(busy, 1, CLIENT, T0, false);
    enqueue(busy, 2, CLIENT, null, false);
    enqueue(busy, 3, CLIENT, null, true);
    outbound.enqueue(unsequenced(busy.id(), CLIENT, T0));
    outbound.enqueue(unsequenced(newId(), CLIENT, T0)); // another (unknown) session's message
    reload();

    assertThat(ops.sessions(Filter.ALL, 100))
        .extracting(r -> r.session().id(), SessionRow::queued)
        .containsExactly(tuple(busy.id(), 4L), tuple(idle.id(), 0L));
    assertThat(ops.session(busy.id()).orElseThrow().queued()).isEqualTo(4);
    assertThat(ops.session(busy.outbound().id()).orElseThrow().queued()).isEqualTo(4);
    assertThat(ops.session(idle.id()).orElseThrow().queued()).isZero();
  }

  // ---- session ------------------------------------------------------------------------------

  @Test
  void sessionIsFoundByItsInboundOrItsOutboundIdentifier() {
    ReliableSession s = stored(newId(), newId(), SERVICE, SequenceState.CLOSED, T0.plusSeconds(5));
    ReliableSession other = stored(newId(), newId(), SERVICE, SequenceState.ACTIVE, T0);
    enqueue(s, 1, CLIENT, T0, false);
    reload();

    SessionRow byInbound = ops.session(s.id()).orElseThrow();
    SessionRow byOutbound = ops.session(s.outbound().id()).orElseThrow();
    for (SessionRow row : List.of(byInbound, byOutbound)) {
      assertThat(row.session().id()).isEqualTo(s.id());
      assertThat(row.session().outbound().id()).isEqualTo(s.outbound().id());
      assertThat(row.session().inbound().state()).isEqualTo(SequenceState.CLOSED);
      assertThat(row.session().inbound().lastActivity()).isEqualTo(T0.plusSeconds(5));
      assertThat(row.created()).isEqualTo(T0);
      assertThat(row.queued()).isEqualTo(1);
    }
    assertThat(ops.session(other.outbound().id()).orElseThrow().session().id())
        .isEqualTo(other.id());
    assertThat(ops.session(newId())).isEmpty();
    // A part of an Identifier is not an Identifier.
    assertThat(ops.session(s.id().substring(0, 20))).isEmpty();
  }

  @Test
  void sessionIsFoundByTheOutboundIdentifierTheClientGaveLater() {
    ReliableSession s = stored(newId(), null, DUPLEX, SequenceState.ACTIVE, T0);
    reload();
    ReliableSession locked = rm.lock(s.id()).orElseThrow();
    String named = newId();
    locked.outbound().named(named);
    rm.update(locked);
    reload();

    assertThat(ops.session(named).orElseThrow().session().id()).isEqualTo(s.id());
    assertThat(ids(new Filter(null, null, named))).containsExactly(s.id());
  }

  // ---- messages -----------------------------------------------------------------------------

  @Test
  void messagesAreListedInMessageNumberOrderHeldOrDeliveredWithTheirReplies() {
    ReliableSession s = stored(newId(), newId(), SERVICE, SequenceState.ACTIVE, T0);
    ReliableSession other = stored(newId(), newId(), SERVICE, SequenceState.ACTIVE, T0);
    // Saved out of order; 10 after 2 (numeric, not text, order).
    rm.saveMessage(StoredMessage.held(s.id(), 10, bytes("<ten/>")));
    rm.saveMessage(StoredMessage.held(s.id(), 5, bytes("<five/>")));
    rm.saveMessage(
        StoredMessage.held(s.id(), 1, null)
            .delivered(1L, "urn:reply:AddResponse", "urn:uuid:relates", bytes("<r/>"), false));
    rm.saveMessage(StoredMessage.held(s.id(), 2, null).delivered(null, null, null, null, false));
    rm.saveMessage(
        StoredMessage.held(s.id(), 3, null)
            .delivered(2L, "urn:reply:SubtractResponse", null, bytes(""), true));
    rm.saveMessage(StoredMessage.held(other.id(), 4, bytes("<other/>")));
    reload();

    assertThat(ops.messages(s.id(), 1, 100))
        .containsExactly(
            new MessageRow(1, MessageStatus.DELIVERED, 1L, "urn:reply:AddResponse"),
            new MessageRow(2, MessageStatus.DELIVERED, null, null),
            new MessageRow(3, MessageStatus.DELIVERED, 2L, "urn:reply:SubtractResponse"),
            new MessageRow(5, MessageStatus.HELD, null, null),
            new MessageRow(10, MessageStatus.HELD, null, null));
    assertThat(ops.messages(s.id(), 1, 3))
        .extracting(MessageRow::messageNumber)
        .containsExactly(1L, 2L, 3L);
    // Pages go on from a MessageNumber, which need not be stored (4 is a gap).
    assertThat(ops.messages(s.id(), 4, 100))
        .extracting(MessageRow::messageNumber)
        .containsExactly(5L, 10L);
    assertThat(ops.messages(s.id(), 3, 2))
        .extracting(MessageRow::messageNumber)
        .containsExactly(3L, 5L);
    assertThat(ops.messages(s.id(), 11, 100)).isEmpty();
    assertThat(ops.messages(other.id(), 1, 100))
        .containsExactly(new MessageRow(4, MessageStatus.HELD, null, null));
    assertThat(ops.messages(newId(), 1, 100)).isEmpty();
  }

  // ---- outbound -----------------------------------------------------------------------------

  @Test
  void outboundRowsAreListedInOrderAsStored() {
    ReliableSession s = stored(newId(), newId(), DUPLEX, SequenceState.ACTIVE, T0);
    String polled = MC_ANONYMOUS + UUID.randomUUID();
    OutboundMessage sent =
        new OutboundMessage(
            0, s.id(), s.outbound().id(), 1, false, CLIENT, "urn:callback:Result", newId(),
            bytes("<Result/>"), Kind.APPLICATION, 3, T0.plusSeconds(60));
    OutboundMessage held =
        new OutboundMessage(
            0, s.id(), s.outbound().id(), 2, true, polled, "urn:callback:Equation", null,
            bytes("<Equation/>"), Kind.SEQUENCE_PROTOCOL, 0, null, true);
    OutboundMessage unsequenced = unsequenced(s.id(), CLIENT, T0);
    long sentId = outbound.enqueue(sent);
    long heldId = outbound.enqueue(held);
    long unsequencedId = outbound.enqueue(unsequenced);
    outbound.enqueue(unsequenced(newId(), CLIENT, T0)); // another session's
    reload();

    assertThat(ops.outbound(s.id(), 100))
        .containsExactly(
            new OutboundRow(
                sentId, 1, "APPLICATION", "urn:callback:Result", CLIENT, 3, T0.plusSeconds(60),
                false),
            new OutboundRow(
                heldId, 2, "SEQUENCE_PROTOCOL", "urn:callback:Equation", polled, 0, null, true),
            new OutboundRow(
                unsequencedId, 0, "UNSEQUENCED", unsequenced.action(), CLIENT, 0, T0, false));
    assertThat(ops.outbound(s.id(), 2))
        .extracting(OutboundRow::id)
        .containsExactly(sentId, heldId);
    assertThat(ops.outbound(newId(), 100)).isEmpty();
  }

  // ---- retryNow -----------------------------------------------------------------------------

  @Test
  void retryNowMakesTheSessionsMessagesDueButLeavesHeldOnes() {
    Instant now = T0.plusSeconds(600);
    ReliableSession s = stored(newId(), newId(), DUPLEX, SequenceState.ACTIVE, T0);
    ReliableSession other = stored(newId(), newId(), DUPLEX, SequenceState.ACTIVE, T0);
    long later = enqueue(s, 1, CLIENT, now.plusSeconds(3600), false);
    long awaitingAck = enqueue(s, 2, CLIENT, null, false);
    long heldWithoutTime = enqueue(s, 3, CLIENT, null, true);
    long heldWithTime = enqueue(s, 4, CLIENT, now.plusSeconds(60), true);
    long unsequenced = outbound.enqueue(unsequenced(s.id(), CLIENT, now.plusSeconds(5)));
    long othersMessage = enqueue(other, 1, CLIENT, now.plusSeconds(3600), false);
    reload();

    assertThat(ops.retryNow(s.id(), now)).isEqualTo(3);
    reload();

    assertThat(ops.outbound(s.id(), 100))
        .extracting(OutboundRow::id, OutboundRow::nextAttemptAt, OutboundRow::held)
        .containsExactly(
            tuple(later, now, false),
            tuple(awaitingAck, now, false),
            tuple(heldWithoutTime, null, true),
            tuple(heldWithTime, now.plusSeconds(60), true),
            tuple(unsequenced, now, false));
    assertThat(ops.outbound(s.id(), 100)).extracting(OutboundRow::attempts).containsOnly(0);
    assertThat(ops.outbound(other.id(), 100))
        .extracting(OutboundRow::nextAttemptAt)
        .containsExactly(now.plusSeconds(3600));
    // The sender finds them due now.
    assertThat(outbound.findDue(now, 100, null))
        .extracting(OutboundMessage::id)
        .containsExactly(later, awaitingAck, unsequenced)
        .doesNotContain(othersMessage);

    assertThat(ops.retryNow(newId(), now)).isZero();
    ReliableSession onlyHeld = stored(newId(), newId(), DUPLEX, SequenceState.ACTIVE, T0);
    enqueue(onlyHeld, 1, CLIENT, null, true);
    reload();
    assertThat(ops.retryNow(onlyHeld.id(), now)).isZero();
  }

  // ---- purge --------------------------------------------------------------------------------

  @Test
  void purgeRefusesASessionThatIsNotTerminatedAndDeletesNothing() {
    for (SequenceState state : List.of(SequenceState.ACTIVE, SequenceState.CLOSED)) {
      ReliableSession s = stored(newId(), newId(), DUPLEX, state, T0);
      rm.saveMessage(StoredMessage.held(s.id(), 2, bytes("<held/>")));
      enqueue(s, 1, CLIENT, T0, false);
      reload();

      assertThat(ops.purge(s.id())).as("purge of a %s session", state).isFalse();
      reload();

      assertThat(rm.exists(s.id())).isTrue();
      assertThat(ops.session(s.id())).isPresent();
      assertThat(ops.messages(s.id(), 1, 100)).hasSize(1);
      assertThat(ops.outbound(s.id(), 100)).hasSize(1);
    }
  }

  @Test
  void purgeOfAnUnknownSessionIsFalse() {
    ReliableSession s = stored(newId(), newId(), DUPLEX, SequenceState.TERMINATED, T0);
    reload();

    assertThat(ops.purge(newId())).isFalse();
    // Only the inbound Identifier names the session to purge.
    assertThat(ops.purge(s.outbound().id())).isFalse();
    reload();
    assertThat(rm.exists(s.id())).isTrue();
    assertThat(ops.count(Filter.ALL)).isEqualTo(1);
  }

  @Test
  void purgeDeletesATerminatedSessionWithItsMessagesAndOutboundRows() {
    ReliableSession doomed = stored(newId(), newId(), DUPLEX, SequenceState.TERMINATED, T0);
    ReliableSession kept = stored(newId(), newId(), DUPLEX, SequenceState.TERMINATED, T0);
    for (ReliableSession s : List.of(doomed, kept)) {
      rm.saveMessage(StoredMessage.held(s.id(), 1, null).delivered(1L, "urn:r", null, null, false));
      rm.saveMessage(StoredMessage.held(s.id(), 3, bytes("<held/>")));
      enqueue(s, 1, CLIENT, T0, false);
      enqueue(s, 2, CLIENT, null, true);
    }
    reload();

    assertThat(ops.purge(doomed.id())).isTrue();
    reload();

    assertThat(rm.exists(doomed.id())).isFalse();
    assertThat(rm.lock(doomed.id())).isEmpty();
    assertThat(rm.findMessage(doomed.id(), 1)).isEmpty();
    assertThat(rm.findMessage(doomed.id(), 3)).isEmpty();
    assertThat(ops.session(doomed.id())).isEmpty();
    assertThat(ops.session(doomed.outbound().id())).isEmpty();
    assertThat(ops.messages(doomed.id(), 1, 100)).isEmpty();
    assertThat(ops.outbound(doomed.id(), 100)).isEmpty();
    assertThat(ids(Filter.ALL)).containsExactly(kept.id());
    // The other terminated session is untouched.
    assertThat(rm.exists(kept.id())).isTrue();
    assertThat(ops.messages(kept.id(), 1, 100)).hasSize(2);
    assertThat(ops.outbound(kept.id(), 100)).hasSize(2);
    assertThat(ops.census().queued()).isEqualTo(2);
    // A terminated session holds nothing (termination deletes its messages), whatever is left.
    assertThat(ops.census().held()).isZero();
    // Once gone, there is nothing left to purge.
    assertThat(ops.purge(doomed.id())).isFalse();
  }

  @Test
  void purgeOfASessionLoadedInThisTransactionLeavesNothingVisible() {
    ReliableSession doomed = stored(newId(), newId(), DUPLEX, SequenceState.TERMINATED, T0);
    rm.saveMessage(StoredMessage.held(doomed.id(), 2, bytes("<held/>")));
    enqueue(doomed, 1, CLIENT, T0, false);
    reload();
    rm.lock(doomed.id()).orElseThrow();
    ops.messages(doomed.id(), 1, 100);

    assertThat(ops.purge(doomed.id())).isTrue();

    assertThat(rm.lock(doomed.id())).isEmpty();
    assertThat(ops.session(doomed.id())).isEmpty();
    assertThat(ops.messages(doomed.id(), 1, 100)).isEmpty();
    assertThat(ops.outbound(doomed.id(), 100)).isEmpty();
    reload();
    assertThat(rm.exists(doomed.id())).isFalse();
  }

  // ---- census -------------------------------------------------------------------------------

  @Test
  void censusOfAnEmptyStoreIsAllZero() {
    Census census = ops.census();

    assertThat(census.sessions()).isEmpty();
    assertThat(census.held()).isZero();
    assertThat(census.queued()).isZero();
    assertThat(census.pendingMakeConnection()).isZero();
  }

  @Test
  void censusCountsSessionsByEndpointAndStateHeldQueuedAndMakeConnectionMessages() {
    ReliableSession a1 = stored(newId(), newId(), SERVICE, SequenceState.ACTIVE, T0);
    ReliableSession a2 = stored(newId(), newId(), SERVICE, SequenceState.ACTIVE, T0);
    ReliableSession t = stored(newId(), null, SERVICE, SequenceState.TERMINATED, T0);
    ReliableSession c = stored(newId(), newId(), DUPLEX, SequenceState.CLOSED, T0);
    hold(a1, 2, 3);
    hold(c, 7);
    rm.saveMessage(StoredMessage.held(a2.id(), 1, null).delivered(1L, "urn:r", null, null, false));
    rm.saveMessage(StoredMessage.held(t.id(), 1, null).delivered(null, null, null, null, false));
    // Two messages wait for a MakeConnection poll (one held, one not), ...
    enqueue(a1, 1, MC_ANONYMOUS + UUID.randomUUID(), null, false);
    enqueue(c, 1, MC_ANONYMOUS + UUID.randomUUID(), null, true);
    // ... one is POSTed to an addressable client, and near misses of the MC URI are not MC ones.
    enqueue(a2, 1, CLIENT, T0, false);
    enqueue(a2, 2, MC_ANONYMOUS.replace("200702", "200608") + UUID.randomUUID(), T0, false);
    outbound.enqueue(unsequenced(a2.id(), MC_ANONYMOUS.replace("?id=", "?x="), T0));
    reload();

    Census census = ops.census();

    assertThat(census.sessions())
        .isEqualTo(
            Map.of(
                SERVICE, Map.of(SequenceState.ACTIVE, 2L, SequenceState.TERMINATED, 1L),
                DUPLEX, Map.of(SequenceState.CLOSED, 1L)));
    assertThat(census.held()).isEqualTo(3);
    assertThat(census.queued()).isEqualTo(5);
    assertThat(census.pendingMakeConnection()).isEqualTo(2);
  }

  /**
   * A session stored without an endpoint (the column allows it, and the metrics' gauges tag such
   * sessions "none") is counted under a null endpoint; it must not make the whole census fail.
   */
  @Test
  void censusCountsASessionWithoutAnEndpoint() {
    stored(newId(), null, null, SequenceState.TERMINATED, T0);
    stored(newId(), newId(), SERVICE, SequenceState.ACTIVE, T0);
    reload();

    Census census = ops.census();

    assertThat(census.sessions()).containsKey(null).containsKey(SERVICE);
    assertThat(census.sessions().get(null)).isEqualTo(Map.of(SequenceState.TERMINATED, 1L));
    assertThat(census.sessions().get(SERVICE)).isEqualTo(Map.of(SequenceState.ACTIVE, 1L));
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The ids of the sessions {@code filter} lists, in their order. */
  private List<String> ids(Filter filter) {
    return ops.sessions(filter, 1_000).stream().map(r -> r.session().id()).toList();
  }

  /**
   * A session as a store would read it back, created at {@link #T0}, stored in this transaction.
   *
   * @param offeredId its outbound Sequence's Identifier, or null while it awaits one
   */
  private ReliableSession stored(
      String id, String offeredId, String endpoint, SequenceState state, Instant lastActivity) {
    ReliableSession s =
        new ReliableSession(
            DestinationSequence.restore(
                id,
                RmVersion.WSRM_1_1,
                CLIENT,
                endpoint,
                T0,
                state,
                false,
                AcknowledgementRanges.empty(),
                0,
                null,
                lastActivity,
                null),
            SourceSequence.offered(offeredId),
            BackChannel.ADDRESSED);
    rm.create(s);
    return s;
  }

  /**
   * Stores messages {@code numbers} as the RM Destination does for messages ahead of a gap: received
   * (in the session's AcknowledgementRanges) and held.
   */
  private void hold(ReliableSession s, long... numbers) {
    ReliableSession locked = rm.lock(s.id()).orElseThrow();
    for (long n : numbers) {
      locked.inbound().markReceived(n);
      rm.saveMessage(StoredMessage.held(s.id(), n, bytes("<h/>")));
    }
    rm.update(locked);
  }

  /** Enqueues a callback numbered {@code number} in the session's outbound Sequence. */
  private long enqueue(
      ReliableSession s, long number, String to, Instant nextAttemptAt, boolean held) {
    return outbound.enqueue(
        new OutboundMessage(
            0,
            s.id(),
            s.outbound().id(),
            number,
            false,
            to,
            "http://Microsoft.ServiceModel.Samples/ICalculatorDuplex/Equation",
            "urn:uuid:" + UUID.randomUUID(),
            bytes("<Equation><eqn>0 + " + number + "</eqn></Equation>"),
            Kind.APPLICATION,
            0,
            nextAttemptAt,
            held));
  }

  /** A message outside any Sequence (a CreateSequenceResponse, say) for {@code sessionId}. */
  private static OutboundMessage unsequenced(String sessionId, String to, Instant nextAttemptAt) {
    return new OutboundMessage(
        0,
        sessionId,
        null,
        0,
        false,
        to,
        "http://docs.oasis-open.org/ws-rx/wsrm/200702/CreateSequenceResponse",
        null,
        bytes("<CreateSequenceResponse/>"),
        Kind.UNSEQUENCED,
        0,
        nextAttemptAt);
  }

}
