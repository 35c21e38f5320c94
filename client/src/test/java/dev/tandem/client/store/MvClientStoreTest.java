package dev.tandem.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvClientStoreTest extends ClientStoreContract {
  @TempDir Path dir;

  @Override
  ClientStore newStore() {
    return MvClientStore.open(dir);
  }

  @Override
  ClientStore reopen() {
    store.close();
    return MvClientStore.open(dir);
  }

  @Test
  void rangesEncodeRunsCompactly() {
    TreeSet<Long> n = new TreeSet<>(java.util.List.of(1L, 2L, 3L, 5L, 7L, 8L));
    assertThat(MvClientStore.Ranges.encode(n)).isEqualTo("1-3,5-5,7-8");
    assertThat(MvClientStore.Ranges.decode("1-3,5-5,7-8")).isEqualTo(n);
    assertThat(MvClientStore.Ranges.encode(new TreeSet<>())).isEmpty();
  }

  @Test
  void aSecondClientOnTheSameDirectoryIsRefused() {
    assertThatThrownBy(() -> MvClientStore.open(dir))
        .isInstanceOf(ClientStoreException.class)
        .hasMessageContaining(dir.toString());
  }

  /** Every write must survive the process dying right after it, with no close (kill -9). */
  @Test
  void writesSurviveAbruptTermination() throws Exception {
    store.close();
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                WriteThenHalt.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes());
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("WRITTEN");

    store = MvClientStore.open(dir);
    assertThat(store.sequence().orElseThrow().lastNumber()).isEqualTo(50);
    assertThat(store.results()).hasSize(49);
    assertThat(store.unacknowledged()).extracting(StoredMessage::number).containsExactly(50L);
    assertThat(store.received()).hasSize(49);
  }

  /** Child process for {@link #writesSurviveAbruptTermination()}. */
  public static final class WriteThenHalt {
    public static void main(String[] args) {
      ClientStore s = MvClientStore.open(Path.of(args[0]));
      s.create(SEQ);
      for (long n = 1; n <= 50; n++) {
        s.storeMessage(message(n, StoredMessage.Kind.REQUEST));
        if (n < 50) {
          s.complete(n, new TreeSet<>(java.util.List.of(n)), "result " + n);
        }
      }
      System.out.println("WRITTEN");
      System.out.flush();
      // No close, no shutdown hooks: as abrupt as kill -9 for everything the JVM would still write.
      Runtime.getRuntime().halt(0);
    }
  }
}
