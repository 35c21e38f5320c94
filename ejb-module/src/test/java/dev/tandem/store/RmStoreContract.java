package dev.tandem.store;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.rm.model.AcknowledgementRanges;
import dev.tandem.rm.session.BackChannel;
import dev.tandem.rm.session.DestinationSequence;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.rm.session.SourceSequence;
import dev.tandem.rm.model.MessageStatus;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.model.StoredMessage;
import dev.tandem.store.jpa.JpaRmStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RmStore} must show, run against each supported database by a subclass
 * (Metro's "one contract suite for every store").
 *
 * <p>Each test runs in a transaction that is rolled back afterwards, so tests do not see each
 * other's rows; "reload" (flush and clear) forces the next read to come from the database rather
 * than from the persistence context. The concurrency tests commit, in Sequences of their own.
 */
public abstract class RmStoreContract extends StoreContract {
  private RmStore store;

  @Override
  protected void openStores(EntityManager em) {
    store = new JpaRmStore(em);
  }

  // ---- Sequences ----------------------------------------------------------------------------

  @Test
  void createdSequenceIsReadBackFieldForField() {
    ReliableSession created = newSequence(RmVersion.WSRM_1_1, "urn:uuid:" + UUID.randomUUID());
    store.create(created);
    reload();

    assertSameSequence(store.lock(created.id()).orElseThrow(), created);
  }

  @Test
  void sequenceWithoutOfferAndAddressesIsReadBack() {
    ReliableSession created =
        ReliableSession.create(newId(), RmVersion.WSRM_2005_02, null, null, null, BackChannel.RESPONSE, T0, null);
    store.create(created);
    reload();

    ReliableSession read = store.lock(created.id()).orElseThrow();
    assertSameSequence(read, created);
    assertThat(read.outbound().id()).isNull();
    assertThat(read.inbound().lastMessageNumber()).isNull();
    assertThat(read.inbound().received().isEmpty()).isTrue();
  }

  @Test
  void aReplySequenceNamedLaterIsKeptAndFoundByItsIdentifier() {
    ReliableSession created =
        ReliableSession.create(newId(), RmVersion.WSRM_1_1, null, "urn:a", "/rsp", BackChannel.POLLED, T0, null);
    store.create(created);
    reload();
    ReliableSession s = store.lock(created.id()).orElseThrow();
    assertThat(s.outbound().awaitsIdentifier()).isTrue();
    String reply = newId();
    s.outbound().named(reply);
    store.update(s);
    reload();

    assertThat(store.lockBySourceSequence(reply)).map(ReliableSession::id).contains(created.id());
    assertThat(store.lock(created.id()).orElseThrow().outbound().awaitsIdentifier()).isFalse();
  }

  @Test
  void countOpenCountsActiveAndClosedButNotTerminatedSequences() {
    long before = store.countOpen();
    storedSequence(SequenceState.ACTIVE, T0);
    storedSequence(SequenceState.ACTIVE, T0);
    storedSequence(SequenceState.CLOSED, T0);
    storedSequence(SequenceState.TERMINATED, T0);
    reload();

    assertThat(store.countOpen()).isEqualTo(before + 3);
  }

  @Test
  void purgeTerminatedDeletesOnlyTerminatedSequencesOlderThanTheCutoffWithTheirMessages() {
    Instant cutoff = T0.plusSeconds(60);
    ReliableSession old = storedSequence(SequenceState.TERMINATED, T0);
    store.saveMessage(StoredMessage.held(old.id(), 3, "<x/>".getBytes(StandardCharsets.UTF_8)));
    ReliableSession recent = storedSequence(SequenceState.TERMINATED, cutoff.plusSeconds(1));
    ReliableSession live = storedSequence(SequenceState.ACTIVE, T0);
    store.lock(old.id()); // loaded in this transaction: the purge must not leave it visible
    reload();
    store.lock(old.id());

    assertThat(store.purgeTerminated(cutoff, 1_000)).isGreaterThanOrEqualTo(1);

    assertThat(store.lock(old.id())).isEmpty();
    assertThat(store.findMessage(old.id(), 3)).isEmpty();
    assertThat(store.lock(recent.id())).isPresent();
    assertThat(store.lock(live.id())).isPresent();
    reload();
    assertThat(store.lock(old.id())).isEmpty();
    assertThat(store.purgeTerminated(cutoff, 0)).isZero();
  }

  @Test
  void advertisedBufferRemainingIsKept() {
    ReliableSession created = newSequence(RmVersion.WSRM_2005_02, newId());
    store.create(created);
    reload();
    assertThat(store.lock(created.id()).orElseThrow().outbound().bufferRemaining()).isNull();
    ReliableSession s = store.lock(created.id()).orElseThrow();
    s.outbound().acknowledge(AcknowledgementRanges.empty(), 3);
    store.update(s);
    reload();
    assertThat(store.lock(created.id()).orElseThrow().outbound().bufferRemaining()).isEqualTo(3);
  }

  @Test
  void whoTerminatedTheSequenceIsKept() {
    ReliableSession byClient = newSequence(RmVersion.WSRM_1_1, newId());
    ReliableSession byTandem = newSequence(RmVersion.WSRM_1_1, newId());
    store.create(byClient);
    store.create(byTandem);
    reload();
    assertThat(store.lock(byClient.id()).orElseThrow().inbound().terminatedByClient()).isFalse();

    ReliableSession c = store.lock(byClient.id()).orElseThrow();
    c.inbound().terminateByClient();
    store.update(c);
    ReliableSession t = store.lock(byTandem.id()).orElseThrow();
    t.inbound().terminate();
    store.update(t);
    reload();

    ReliableSession readC = store.lock(byClient.id()).orElseThrow();
    ReliableSession readT = store.lock(byTandem.id()).orElseThrow();
    assertThat(readC.inbound().state()).isEqualTo(SequenceState.TERMINATED);
    assertThat(readC.inbound().terminatedByClient()).isTrue();
    assertThat(readT.inbound().state()).isEqualTo(SequenceState.TERMINATED);
    assertThat(readT.inbound().terminatedByClient()).isFalse();
    // Ended by Tandem first, a later TerminateSequence does not rewrite why it ended.
    readT.inbound().terminateByClient();
    assertThat(readT.inbound().terminatedByClient()).isFalse();
  }

  @Test
  void updateWritesBackEveryChangingField() {
    ReliableSession created = newSequence(RmVersion.WSRM_1_1, newId());
    store.create(created);
    reload();

    ReliableSession s = store.lock(created.id()).orElseThrow();
    for (long n : new long[] {1, 2, 3, 5, 9}) {
      s.inbound().markReceived(n);
    }
    s.inbound().markDelivered(1);
    s.inbound().markDelivered(2);
    s.inbound().markDelivered(3);
    s.outbound().nextMessageNumber();
    s.outbound().nextMessageNumber();
    s.outbound().acknowledge(ranges(1, 1), null);
    s.inbound().close(9);
    s.inbound().touch(T0.plusSeconds(90));
    store.update(s);
    reload();

    ReliableSession read = store.lock(created.id()).orElseThrow();
    assertSameSequence(read, s);
    assertThat(read.inbound().state()).isEqualTo(SequenceState.CLOSED);
    assertThat(read.inbound().received().encode()).isEqualTo("1-3,5-5,9-9");
    assertThat(read.inbound().deliveredUpTo()).isEqualTo(3);
    assertThat(read.inbound().lastMessageNumber()).isEqualTo(9);
    assertThat(read.outbound().lastMessageNumber()).isEqualTo(2);
    assertThat(read.outbound().acknowledged().encode()).isEqualTo("1-1");
    assertThat(read.inbound().lastActivity()).isEqualTo(T0.plusSeconds(90));
  }

  @Test
  void updateOfASequenceNotLoadedInThisTransactionIsWritten() {
    ReliableSession created = newSequence(RmVersion.WSRM_1_1, newId());
    store.create(created);
    reload();

    created.inbound().terminate();
    store.update(created);
    reload();

    assertThat(store.lock(created.id()).orElseThrow().inbound().state()).isEqualTo(SequenceState.TERMINATED);
  }

  @Test
  void extremeNumbersAndManyRangesSurvive() {
    ReliableSession s = newSequence(RmVersion.WSRM_1_1, null);
    store.create(s);
    reload();

    s = store.lock(s.id()).orElseThrow();
    // 3,000 gaps: a text form far beyond any fixed varchar a careless schema might choose.
    for (long n = 1; n <= 6_000; n += 2) {
      s.inbound().markReceived(n);
    }
    s.inbound().markReceived(DestinationSequence.MAX_MESSAGE_NUMBER);
    s.inbound().close(DestinationSequence.MAX_MESSAGE_NUMBER);
    store.update(s);
    reload();

    ReliableSession read = store.lock(s.id()).orElseThrow();
    assertThat(read.inbound().received()).isEqualTo(s.inbound().received());
    assertThat(read.inbound().received().ranges()).hasSize(3_001);
    assertThat(read.inbound().lastMessageNumber()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void lockOfUnknownSequenceIsEmpty() {
    assertThat(store.lock(newId())).isEmpty();
    assertThat(store.lock(null)).isEmpty();
  }

  @Test
  void lockBySourceSequenceFindsTheSequenceThatOfferedIt() {
    String offered = "urn:uuid:" + UUID.randomUUID();
    ReliableSession created = newSequence(RmVersion.WSRM_2005_02, offered);
    store.create(created);
    store.create(newSequence(RmVersion.WSRM_2005_02, null));
    reload();

    assertSameSequence(store.lockBySourceSequence(offered).orElseThrow(), created);
    assertThat(store.lockBySourceSequence(created.id())).isEmpty();
    assertThat(store.lockBySourceSequence("urn:uuid:" + UUID.randomUUID())).isEmpty();
    assertThat(store.lockBySourceSequence(null)).isEmpty();
  }

  @Test
  void manySequencesWithoutOfferCoexist() {
    // The offered-Identifier column is unique, but only among Sequences that have one: several
    // Sequences without an Offer (WS-RM 1.1 one-way clients) must all be stored and found.
    List<ReliableSession> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ReliableSession s = newSequence(RmVersion.WSRM_1_1, null);
      store.create(s);
      created.add(s);
    }
    reload();

    for (ReliableSession s : created) {
      assertSameSequence(store.lock(s.id()).orElseThrow(), s);
    }
  }

  @Test
  void duplicateIdentifierIsRefused() {
    ReliableSession s = newSequence(RmVersion.WSRM_1_1, null);
    store.create(s);
    reload();

    assertThatThrownBy(
            () -> {
              store.create(newSequence(s.id(), RmVersion.WSRM_1_1, null));
              em.flush();
            })
        .isInstanceOf(PersistenceException.class);
  }

  @Test
  void duplicateOfferedIdentifierIsRefused() {
    String offered = newId();
    store.create(newSequence(RmVersion.WSRM_1_1, offered));
    reload();

    assertThatThrownBy(
            () -> {
              store.create(newSequence(RmVersion.WSRM_1_1, offered));
              em.flush();
            })
        .isInstanceOf(PersistenceException.class);
  }

  @Test
  void updateOfUnknownSequenceIsRefused() {
    assertThatThrownBy(() -> store.update(newSequence(RmVersion.WSRM_1_1, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void committedSequenceIsSeenByTheNextTransaction() throws Exception {
    ReliableSession s = committedSequence(newId());

    assertSameSequence(inTransaction(other -> other.lock(s.id()).orElseThrow()), s);
  }

  // ---- Messages -----------------------------------------------------------------------------

  @Test
  void heldMessageIsReadBack() {
    ReliableSession s = storedSequence();
    byte[] request = "<s:Envelope>held</s:Envelope>".getBytes(StandardCharsets.UTF_8);
    store.saveMessage(StoredMessage.held(s.id(), 7, request));
    reload();

    StoredMessage read = store.findMessage(s.id(), 7).orElseThrow();
    assertThat(read.sequenceId()).isEqualTo(s.id());
    assertThat(read.messageNumber()).isEqualTo(7);
    assertThat(read.status()).isEqualTo(MessageStatus.HELD);
    assertThat(read.request()).isEqualTo(request);
    assertThat(read.replyNumber()).isNull();
    assertThat(read.replyAction()).isNull();
    assertThat(read.replyRelatesTo()).isNull();
    assertThat(read.replyBody()).isNull();
    assertThat(read.replyLast()).isFalse();
  }

  @Test
  void saveMessageReplacesTheHeldMessageWithTheDeliveredOne() {
    ReliableSession s = storedSequence();
    StoredMessage held = StoredMessage.held(s.id(), 2, bytes("request"));
    store.saveMessage(held);
    reload();

    StoredMessage delivered =
        store
            .findMessage(s.id(), 2)
            .orElseThrow()
            .delivered(1L, "urn:reply", "urn:uuid:relates", bytes("<AddResponse/>"), true);
    store.saveMessage(delivered);
    reload();

    assertSameMessage(store.findMessage(s.id(), 2).orElseThrow(), delivered);
  }

  @Test
  void insertMessageStoresAFirstReceivedMessageAndRefusesASecondCopy() {
    ReliableSession s = storedSequence();
    StoredMessage delivered =
        StoredMessage.held(s.id(), 1, null)
            .delivered(1L, "urn:reply", "urn:uuid:relates", bytes("<AddResponse/>"), false);
    store.insertMessage(delivered);
    reload();

    assertSameMessage(store.findMessage(s.id(), 1).orElseThrow(), delivered);
    assertThatThrownBy(
            () -> {
              store.insertMessage(StoredMessage.held(s.id(), 1, bytes("again")));
              em.flush();
            })
        .isInstanceOf(PersistenceException.class);
  }

  @Test
  void saveMessageReplacesARowNotLoadedInThisTransaction() {
    ReliableSession s = storedSequence();
    store.saveMessage(StoredMessage.held(s.id(), 3, bytes("request")));
    reload();

    StoredMessage delivered =
        StoredMessage.held(s.id(), 3, null).delivered(null, null, null, null, false);
    store.saveMessage(delivered);
    reload();

    assertSameMessage(store.findMessage(s.id(), 3).orElseThrow(), delivered);
  }

  @Test
  void deliveredMessageWithAllReplyFieldsIsReadBack() {
    ReliableSession s = storedSequence();
    StoredMessage m =
        new StoredMessage(
            s.id(),
            Long.MAX_VALUE,
            MessageStatus.DELIVERED,
            bytes("kept request"),
            Long.MAX_VALUE,
            "http://Microsoft.ServiceModel.Samples/ICalculator/AddResponse",
            "urn:uuid:" + UUID.randomUUID(),
            bytes("<AddResponse><AddResult>3</AddResult></AddResponse>"),
            true);
    store.saveMessage(m);
    reload();

    assertSameMessage(store.findMessage(s.id(), Long.MAX_VALUE).orElseThrow(), m);
  }

  @Test
  void findMessageOfUnknownNumberOrSequenceIsEmpty() {
    ReliableSession s = storedSequence();
    store.saveMessage(StoredMessage.held(s.id(), 1, bytes("x")));
    reload();

    assertThat(store.findMessage(s.id(), 2)).isEmpty();
    assertThat(store.findMessage(newId(), 1)).isEmpty();
    assertThat(store.findMessage(null, 1)).isEmpty();
  }

  @Test
  void payloadsSurviveByteForByte() {
    ReliableSession s = storedSequence();
    byte[] everyByte = new byte[256];
    for (int i = 0; i < 256; i++) {
      everyByte[i] = (byte) i;
    }
    byte[] mebibyte = new byte[1 << 20];
    new Random(42).nextBytes(mebibyte);
    byte[] empty = new byte[0];

    store.saveMessage(StoredMessage.held(s.id(), 1, everyByte));
    store.saveMessage(StoredMessage.held(s.id(), 2, mebibyte));
    store.saveMessage(StoredMessage.held(s.id(), 3, empty));
    store.saveMessage(StoredMessage.held(s.id(), 4, null).delivered(1L, "a", "r", mebibyte, false));
    store.saveMessage(StoredMessage.held(s.id(), 5, null).delivered(2L, "a", "r", empty, false));
    reload();

    assertThat(store.findMessage(s.id(), 1).orElseThrow().request()).isEqualTo(everyByte);
    assertThat(store.findMessage(s.id(), 2).orElseThrow().request()).isEqualTo(mebibyte);
    assertThat(store.findMessage(s.id(), 3).orElseThrow().request()).isNotNull().isEmpty();
    assertThat(store.findMessage(s.id(), 4).orElseThrow().replyBody()).isEqualTo(mebibyte);
    assertThat(store.findMessage(s.id(), 4).orElseThrow().request()).isNull();
    assertThat(store.findMessage(s.id(), 5).orElseThrow().replyBody()).isNotNull().isEmpty();
  }

  @Test
  void messageOfUnknownSequenceIsRefused() {
    assertThatThrownBy(
            () -> {
              store.saveMessage(StoredMessage.held(newId(), 1, bytes("orphan")));
              em.flush();
            })
        .isInstanceOf(PersistenceException.class);
  }

  @Test
  void deleteMessagesRemovesOnlyThatSequencesMessagesAndKeepsTheSequence() {
    ReliableSession doomed = storedSequence();
    ReliableSession other = storedSequence();
    for (long n = 1; n <= 3; n++) {
      store.saveMessage(StoredMessage.held(doomed.id(), n, bytes("d" + n)));
      store.saveMessage(StoredMessage.held(other.id(), n, bytes("o" + n)));
    }
    reload();
    // Loaded into this transaction before the delete, as an engine might have done.
    assertThat(store.findMessage(doomed.id(), 1)).isPresent();
    store.saveMessage(StoredMessage.held(doomed.id(), 4, bytes("unflushed")));

    store.deleteMessages(doomed.id());

    // Seen as gone in the same transaction, and from the database.
    assertThat(store.findMessage(doomed.id(), 1)).isEmpty();
    assertThat(store.findMessage(doomed.id(), 4)).isEmpty();
    reload();
    for (long n = 1; n <= 4; n++) {
      assertThat(store.findMessage(doomed.id(), n)).isEmpty();
    }
    for (long n = 1; n <= 3; n++) {
      assertThat(store.findMessage(other.id(), n).orElseThrow().request())
          .isEqualTo(bytes("o" + n));
    }
    assertThat(store.lock(doomed.id())).isPresent();

    // The numbers may be stored again (nothing stale is left in the persistence context).
    store.saveMessage(StoredMessage.held(doomed.id(), 1, bytes("again")));
    reload();
    assertThat(store.findMessage(doomed.id(), 1).orElseThrow().request()).isEqualTo(bytes("again"));
  }

  @Test
  void deleteMessagesOfSequenceWithoutMessagesIsHarmless() {
    ReliableSession s = storedSequence();
    store.deleteMessages(s.id());
    store.deleteMessages(newId());
    assertThat(store.lock(s.id())).isPresent();
  }

  // ---- InactivityTimeout --------------------------------------------------------------------

  @Test
  void findInactiveReturnsLiveSequencesIdleSinceBeforeTheCutoff() {
    Instant cutoff = T0.plus(Duration.ofHours(1));
    String idleActive = storedSequence(SequenceState.ACTIVE, cutoff.minusSeconds(600)).id();
    String idleClosed = storedSequence(SequenceState.CLOSED, cutoff.minusSeconds(300)).id();
    String idleTerminated = storedSequence(SequenceState.TERMINATED, cutoff.minusSeconds(900)).id();
    String atCutoff = storedSequence(SequenceState.ACTIVE, cutoff).id();
    String recent = storedSequence(SequenceState.ACTIVE, cutoff.plusSeconds(1)).id();
    reload();

    List<String> inactive = store.findInactive(cutoff, 100);

    assertThat(inactive)
        .containsExactlyInAnyOrder(idleActive, idleClosed)
        .doesNotContain(idleTerminated, atCutoff, recent);
  }

  @Test
  void findInactiveReturnsAtMostLimit() {
    Instant cutoff = T0.plus(Duration.ofDays(1));
    List<String> idle = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SequenceState state = i % 2 == 0 ? SequenceState.ACTIVE : SequenceState.CLOSED;
      idle.add(storedSequence(state, cutoff.minusSeconds(60L * (i + 1))).id());
    }
    reload();

    assertThat(store.findInactive(cutoff, 3)).hasSize(3).isSubsetOf(idle).doesNotHaveDuplicates();
    assertThat(store.findInactive(cutoff, 5)).containsExactlyInAnyOrderElementsOf(idle);
    assertThat(store.findInactive(cutoff, 0)).isEmpty();
  }

  @Test
  void findInactiveSeesLastActivityWrittenByUpdate() {
    Instant cutoff = T0.plus(Duration.ofDays(2));
    ReliableSession s = storedSequence(SequenceState.ACTIVE, cutoff.minusSeconds(1));
    reload();
    assertThat(store.findInactive(cutoff, 10)).contains(s.id());

    ReliableSession locked = store.lock(s.id()).orElseThrow();
    locked.inbound().touch(cutoff.plusSeconds(1));
    store.update(locked);

    assertThat(store.findInactive(cutoff, 10)).doesNotContain(s.id());
  }

  // ---- Expires (WS-RM 1.1 §3.4) ---------------------------------------------------------------

  @Test
  void grantedExpiryIsReadBackAndKeptByUpdate() {
    Instant expiresAt = T0.plus(Duration.ofSeconds(5));
    ReliableSession created =
        ReliableSession.create(
            newId(), RmVersion.WSRM_2005_02, "urn:uuid:" + UUID.randomUUID(), "urn:a", "/s",
            BackChannel.RESPONSE, T0, Duration.between(T0, expiresAt));
    store.create(created);
    reload();

    ReliableSession read = store.lock(created.id()).orElseThrow();
    assertSameSequence(read, created);
    assertThat(read.inbound().expiresAt()).isEqualTo(expiresAt);

    read.inbound().touch(T0.plusSeconds(1));
    read.inbound().terminate();
    store.update(read);
    reload();
    assertThat(store.lock(created.id()).orElseThrow().inbound().expiresAt()).isEqualTo(expiresAt);
    assertThat(storedSequence().inbound().expiresAt()).isNull();
  }

  @Test
  void aVeryLongExpirySurvives() {
    // The xs:duration ceiling (10,000 years) from a recent creation time.
    Instant expiresAt = T0.plus(Duration.ofDays(365L * 10_000));
    ReliableSession s = expiringSequence(SequenceState.ACTIVE, expiresAt);
    reload();
    assertThat(store.lock(s.id()).orElseThrow().inbound().expiresAt()).isEqualTo(expiresAt);
  }

  @Test
  void findExpiredReturnsLiveSequencesWhoseExpiryIsAtOrBeforeNow() {
    Instant now = T0.plus(Duration.ofHours(3));
    String expiredActive = expiringSequence(SequenceState.ACTIVE, now.minusSeconds(60)).id();
    String expiredClosed = expiringSequence(SequenceState.CLOSED, now.minusSeconds(30)).id();
    String atNow = expiringSequence(SequenceState.ACTIVE, now).id();
    String expiredTerminated = expiringSequence(SequenceState.TERMINATED, now.minusSeconds(90)).id();
    String later = expiringSequence(SequenceState.ACTIVE, now.plusSeconds(1)).id();
    String never = storedSequence(SequenceState.ACTIVE, T0).id();
    reload();

    assertThat(store.findExpired(now, 100))
        .containsExactlyInAnyOrder(expiredActive, expiredClosed, atNow)
        .doesNotContain(expiredTerminated, later, never);
    assertThat(store.findExpired(now, 2)).hasSize(2).doesNotHaveDuplicates();
    assertThat(store.findExpired(now, 0)).isEmpty();
  }

  // ---- Concurrency (committed transactions) -------------------------------------------------

  @Test
  void lockMakesASecondTransactionWaitUntilTheFirstCommits() throws Exception {
    ReliableSession s = committedSequence(null);
    assertSecondLockWaitsForFirstCommit(s.id(), other -> other.lock(s.id()));
  }

  @Test
  void lockBySourceSequenceLocksTheSameSequence() throws Exception {
    String offered = newId();
    ReliableSession s = committedSequence(offered);
    assertSecondLockWaitsForFirstCommit(s.id(), other -> other.lockBySourceSequence(offered));
  }

  /**
   * The first transaction locks with {@code firstLock} and holds the lock 1.5 s before it updates
   * and commits; a second, started while the lock is held, locks with {@link RmStore#lock}. The
   * second must not get the lock before the first commits, and must then see the first's update.
   */
  private void assertSecondLockWaitsForFirstCommit(
      String id, StoreWork<Optional<ReliableSession>> firstLock) throws Exception {
    CountDownLatch firstHoldsLock = new CountDownLatch(1);
    CountDownLatch secondHasLock = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Boolean> first =
          threads.submit(
              () ->
                  inTransaction(
                      other -> {
                        ReliableSession mine = firstLock.apply(other).orElseThrow();
                        firstHoldsLock.countDown();
                        boolean secondGotIn = secondHasLock.await(1500, MILLISECONDS);
                        mine.inbound().markReceived(1);
                        other.update(mine);
                        return secondGotIn;
                      }));
      assertThat(firstHoldsLock.await(30, SECONDS)).isTrue();
      Future<ReliableSession> second =
          threads.submit(
              () ->
                  inTransaction(
                      other -> {
                        ReliableSession mine = other.lock(id).orElseThrow();
                        secondHasLock.countDown();
                        return mine;
                      }));

      assertThat(first.get(30, SECONDS))
          .as("second locked while the first held the lock")
          .isFalse();
      assertThat(second.get(30, SECONDS).inbound().received().contains(1))
          .as("second sees what the first committed")
          .isTrue();
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void tryLockTakesAFreeSessionAndExistsTellsAbsentFromHeld() throws Exception {
    ReliableSession s = committedSequence(null);

    assertSameSequence(inTransaction(other -> other.tryLock(s.id()).orElseThrow()), s);
    assertThat(this.<Optional<ReliableSession>>inTransaction(other -> other.tryLock(newId()))).isEmpty();
    assertThat(this.<Boolean>inTransaction(other -> other.exists(s.id()))).isTrue();
    assertThat(this.<Boolean>inTransaction(other -> other.exists(newId()))).isFalse();
  }

  /**
   * PostgreSQL: a background drain on one node does not wait for a session another node's
   * transaction holds (SELECT … FOR UPDATE SKIP LOCKED); it sees the session still exists.
   */
  @Test
  void tryLockSkipsASessionAnotherTransactionHolds() throws Exception {
    assumeTrue(postgreSql(), "H2 has no SKIP LOCKED: there tryLock waits, as lock does");
    ReliableSession s = committedSequence(null);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try {
      Future<Object> holder =
          threads.submit(
              () ->
                  inTransaction(
                      other -> {
                        other.lock(s.id()).orElseThrow();
                        held.countDown();
                        return done.await(30, SECONDS);
                      }));
      assertThat(held.await(30, SECONDS)).isTrue();
      long t0 = System.nanoTime();
      assertThat(this.<Optional<ReliableSession>>inTransaction(other -> other.tryLock(s.id()))).as("skipped").isEmpty();
      assertThat(this.<Boolean>inTransaction(other -> other.exists(s.id()))).as("still stored").isTrue();
      done.countDown();
      holder.get(30, SECONDS);
      assertThat(this.<Optional<ReliableSession>>inTransaction(other -> other.tryLock(s.id()))).as("free again").isPresent();
      assertThat(System.nanoTime() - t0).isLessThan(SECONDS.toNanos(25));
    } finally {
      done.countDown();
      threads.shutdownNow();
    }
  }

  /**
   * PostgreSQL: two transactions (two nodes) looking up one offered Identifier nobody has yet are
   * serialised by an advisory lock, so the second finds the session the first committed instead of
   * inserting a second one (two copies of one CreateSequence with Offer at two nodes).
   */
  @Test
  void lookupsOfOneUnknownOfferWaitForEachOtherAcrossConnections() throws Exception {
    assumeTrue(postgreSql(), "other databases serialise within one server (OfferedIdLocks)");
    String offered = newId();
    ReliableSession s = newSequence(RmVersion.WSRM_1_1, offered);
    CountDownLatch firstLookedUp = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Boolean> first =
          threads.submit(
              () ->
                  inTransaction(
                      other -> {
                        boolean absent = other.lockBySourceSequence(offered).isEmpty();
                        firstLookedUp.countDown();
                        Thread.sleep(1000); // the second looks up meanwhile
                        other.create(s);
                        return absent;
                      }));
      assertThat(firstLookedUp.await(30, SECONDS)).isTrue();
      Future<Optional<ReliableSession>> second =
          threads.submit(() -> inTransaction(other -> other.lockBySourceSequence(offered)));

      assertThat(first.get(30, SECONDS)).as("the first found nobody").isTrue();
      assertSameSequence(second.get(30, SECONDS).orElseThrow(), s);
    } finally {
      threads.shutdownNow();
    }
  }

  private boolean postgreSql() {
    return "PostgreSQL"
        .equals(
            em.unwrap(org.hibernate.Session.class)
                .doReturningWork(c -> c.getMetaData().getDatabaseProductName()));
  }

  @Test
  void concurrentTransactionsOnOneSequenceLoseNoUpdate() throws Exception {
    ReliableSession s = committedSequence(null);
    int threadCount = 4;
    int perThread = 10;

    ExecutorService threads = Executors.newFixedThreadPool(threadCount);
    try {
      List<Future<Object>> done = new ArrayList<>();
      for (int t = 0; t < threadCount; t++) {
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    // Read-modify-write: without serialisation two transactions take one number.
                    inTransaction(
                        other -> {
                          ReliableSession mine = other.lock(s.id()).orElseThrow();
                          mine.inbound().markReceived(mine.inbound().received().highest() + 1);
                          other.update(mine);
                          return null;
                        });
                  }
                  return null;
                }));
      }
      for (Future<Object> f : done) {
        f.get(60, SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    ReliableSession read = inTransaction(other -> other.lock(s.id()).orElseThrow());
    assertThat(read.inbound().received().encode()).isEqualTo("1-" + threadCount * perThread);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Work in a transaction of its own, committed when {@code work} returns. */
  private <T> T inTransaction(StoreWork<T> work) throws Exception {
    EntityManager own = emf.createEntityManager();
    try {
      own.getTransaction().begin();
      T result = work.apply(new JpaRmStore(own));
      own.getTransaction().commit();
      return result;
    } finally {
      if (own.getTransaction().isActive()) {
        own.getTransaction().rollback();
      }
      own.close();
    }
  }

  @FunctionalInterface
  private interface StoreWork<T> {
    T apply(RmStore store) throws Exception;
  }

  /** A new Sequence, created and committed in a transaction of its own. */
  private ReliableSession committedSequence(String offeredId) throws Exception {
    ReliableSession s = newSequence(RmVersion.WSRM_1_1, offeredId);
    inTransaction(
        other -> {
          other.create(s);
          return null;
        });
    return s;
  }

  private ReliableSession storedSequence() {
    ReliableSession s = newSequence(RmVersion.WSRM_1_1, null);
    store.create(s);
    return s;
  }

  private ReliableSession storedSequence(SequenceState state, Instant lastActivity) {
    return restored(state, lastActivity, null);
  }

  private ReliableSession expiringSequence(SequenceState state, Instant expiresAt) {
    return restored(state, T0, expiresAt);
  }

  /** A session as a store would read it back, in {@code state}, stored in this transaction. */
  private ReliableSession restored(SequenceState state, Instant lastActivity, Instant expiresAt) {
    ReliableSession s =
        new ReliableSession(
            DestinationSequence.restore(
                newId(),
                RmVersion.WSRM_1_1,
                null,
                "/service.svc",
                T0,
                state,
                false,
                AcknowledgementRanges.empty(),
                0,
                null,
                lastActivity,
                expiresAt),
            SourceSequence.offered(null),
            BackChannel.RESPONSE);
    store.create(s);
    return s;
  }

  private static ReliableSession newSequence(RmVersion version, String offeredId) {
    return newSequence(newId(), version, offeredId);
  }

  private static ReliableSession newSequence(String id, RmVersion version, String offeredId) {
    return ReliableSession.create(
        id,
        version,
        offeredId,
        "http://www.w3.org/2005/08/addressing/anonymous",
        "/servicemodelsamples/service.svc",
        BackChannel.RESPONSE,
        Instant.now().truncatedTo(ChronoUnit.MICROS),
        null);
  }

  private static void assertSameSequence(ReliableSession actual, ReliableSession expected) {
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.version()).isEqualTo(expected.version());
    assertThat(actual.outbound().id()).isEqualTo(expected.outbound().id());
    assertThat(actual.acksTo()).isEqualTo(expected.acksTo());
    assertThat(actual.endpoint()).isEqualTo(expected.endpoint());
    assertThat(actual.inbound().created()).isEqualTo(expected.inbound().created());
    assertThat(actual.inbound().state()).isEqualTo(expected.inbound().state());
    assertThat(actual.inbound().received()).isEqualTo(expected.inbound().received());
    assertThat(actual.inbound().deliveredUpTo()).isEqualTo(expected.inbound().deliveredUpTo());
    assertThat(actual.inbound().lastMessageNumber()).isEqualTo(expected.inbound().lastMessageNumber());
    assertThat(actual.outbound().lastMessageNumber()).isEqualTo(expected.outbound().lastMessageNumber());
    assertThat(actual.outbound().acknowledged()).isEqualTo(expected.outbound().acknowledged());
    assertThat(actual.inbound().lastActivity()).isEqualTo(expected.inbound().lastActivity());
    assertThat(actual.inbound().expiresAt()).isEqualTo(expected.inbound().expiresAt());
  }

  private static void assertSameMessage(StoredMessage actual, StoredMessage expected) {
    assertThat(actual.sequenceId()).isEqualTo(expected.sequenceId());
    assertThat(actual.messageNumber()).isEqualTo(expected.messageNumber());
    assertThat(actual.status()).isEqualTo(expected.status());
    assertThat(actual.request()).isEqualTo(expected.request());
    assertThat(actual.replyNumber()).isEqualTo(expected.replyNumber());
    assertThat(actual.replyAction()).isEqualTo(expected.replyAction());
    assertThat(actual.replyRelatesTo()).isEqualTo(expected.replyRelatesTo());
    assertThat(actual.replyBody()).isEqualTo(expected.replyBody());
    assertThat(actual.replyLast()).isEqualTo(expected.replyLast());
  }
}
