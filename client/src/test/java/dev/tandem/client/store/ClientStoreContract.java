package dev.tandem.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ClientStore} must do; run against each implementation. */
abstract class ClientStoreContract {
  static final SourceSequence SEQ =
      new SourceSequence(
          "http://127.0.0.1:1/service.svc",
          "http://schemas.xmlsoap.org/ws/2005/02/rm",
          "urn:uuid:seq",
          "urn:uuid:offer",
          "http://www.w3.org/2005/08/addressing/anonymous",
          "calculator count=2",
          0,
          0);

  protected ClientStore store;

  abstract ClientStore newStore() throws Exception;

  /** The same store as a restarted client sees it (in memory: the same object). */
  abstract ClientStore reopen() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  static StoredMessage message(long n, StoredMessage.Kind kind) {
    return new StoredMessage(
        n, "urn:uuid:m" + n, "http://Microsoft.ServiceModel.Samples/ICalculator/Add", kind,
        ("<s:Envelope n='" + n + "'/>").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEmptyStoreHoldsNoSequence() {
    assertThat(store.sequence()).isEmpty();
    assertThat(store.unacknowledged()).isEmpty();
    assertThat(store.results()).isEmpty();
    assertThat(store.received()).isEmpty();
  }

  @Test
  void aWrittenMessageStaysUntilCompletedWithItsResult() throws Exception {
    store.create(SEQ);
    store.storeMessage(message(1, StoredMessage.Kind.REQUEST));
    store.storeMessage(message(2, StoredMessage.Kind.REQUEST));
    store.complete(1, new TreeSet<>(java.util.List.of(1L)), "Add(100,15.99) = 115.99");

    store = reopen();
    assertThat(store.sequence()).hasValueSatisfying(s -> {
      assertThat(s.sequenceId()).isEqualTo("urn:uuid:seq");
      assertThat(s.offeredId()).isEqualTo("urn:uuid:offer");
      assertThat(s.application()).isEqualTo("calculator count=2");
      assertThat(s.lastNumber()).isEqualTo(2);
      assertThat(s.lastMessageNumber()).isZero();
    });
    assertThat(store.unacknowledged()).containsExactly(message(2, StoredMessage.Kind.REQUEST));
    assertThat(store.unacknowledged().get(0).envelope()).isEqualTo(message(2, StoredMessage.Kind.REQUEST).envelope());
    assertThat(store.results()).containsExactly(java.util.Map.entry(1L, "Add(100,15.99) = 115.99"));
    assertThat(store.received()).containsExactly(1L);
  }

  @Test
  void receivedNumbersAccumulateWithGaps() throws Exception {
    store.create(SEQ);
    store.storeMessage(message(1, StoredMessage.Kind.ONE_WAY));
    store.complete(1, new TreeSet<>(java.util.List.of(1L, 2L, 3L, 5L)), null);
    store.storeMessage(message(2, StoredMessage.Kind.ONE_WAY));
    store.complete(2, new TreeSet<>(java.util.List.of(7L)), null);
    store = reopen();
    assertThat(store.received()).containsExactly(1L, 2L, 3L, 5L, 7L);
    assertThat(store.results()).isEmpty();
  }

  @Test
  void aLastMessageMarksTheSequenceClosing() throws Exception {
    store.create(SEQ);
    store.storeMessage(message(1, StoredMessage.Kind.REQUEST));
    store.storeMessage(message(2, StoredMessage.Kind.LAST_MESSAGE));
    store = reopen();
    assertThat(store.sequence().orElseThrow().lastMessageNumber()).isEqualTo(2);
    assertThat(store.unacknowledged()).extracting(StoredMessage::kind)
        .containsExactly(StoredMessage.Kind.REQUEST, StoredMessage.Kind.LAST_MESSAGE);
  }

  @Test
  void refusesASecondSequenceAndATakenNumber() {
    assertThatThrownBy(() -> store.storeMessage(message(1, StoredMessage.Kind.REQUEST)))
        .isInstanceOf(IllegalStateException.class);
    store.create(SEQ);
    assertThatThrownBy(() -> store.create(SEQ)).isInstanceOf(IllegalStateException.class);
    store.storeMessage(message(1, StoredMessage.Kind.REQUEST));
    assertThatThrownBy(() -> store.storeMessage(message(1, StoredMessage.Kind.REQUEST)))
        .isInstanceOf(IllegalStateException.class);
    store.complete(1, new TreeSet<>(), "r");
    assertThatThrownBy(() -> store.storeMessage(message(1, StoredMessage.Kind.REQUEST)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void clearForgetsEverything() throws Exception {
    store.create(SEQ);
    store.storeMessage(message(1, StoredMessage.Kind.REQUEST));
    store.complete(1, new TreeSet<>(java.util.List.of(1L)), "r");
    store.storeMessage(message(2, StoredMessage.Kind.REQUEST));
    store.clear();
    store = reopen();
    assertThat(store.sequence()).isEmpty();
    assertThat(store.unacknowledged()).isEmpty();
    assertThat(store.results()).isEmpty();
    assertThat(store.received()).isEmpty();
    store.create(SEQ);
    assertThat(store.sequence()).isPresent();
  }
}
