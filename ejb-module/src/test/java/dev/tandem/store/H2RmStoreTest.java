package dev.tandem.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The store contract on H2 2.3, the embedded default: a fresh file database under {@code
 * target/h2-store-test/}, deleted afterwards.
 */
class H2RmStoreTest extends RmStoreContract {
  private static final Path DIR = Path.of("target", "h2-store-test").toAbsolutePath();
  private final String name = "rm-" + UUID.randomUUID();

  @Override
  protected StoreDatabase database() {
    // LOCK_TIMEOUT: how long a second transaction waits for a Sequence's row lock.
    return new StoreDatabase(
        "jdbc:h2:file:" + DIR.resolve(name) + ";LOCK_TIMEOUT=10000", "sa", "", null);
  }

  @Override
  protected void dispose(StoreDatabase database) throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith(name)).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
