package dev.tandem.store;

import dev.tandem.resources.jdbc.ConfiguredDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The store contract on H2 2.3, the embedded default: a fresh file database, with the URL settings
 * the application uses ({@link ConfiguredDataSource#defaultH2Url}), in a directory of its own under
 * {@code target/h2-store-test/}, deleted afterwards.
 */
class H2RmStoreTest extends RmStoreContract {
  private final Path dir =
      Path.of("target", "h2-store-test", UUID.randomUUID().toString()).toAbsolutePath();

  @Override
  protected StoreDatabase database() {
    // LOCK_TIMEOUT: how long a second transaction waits for a Sequence's row lock (H2's default,
    // 2 s, is shorter than the lock tests hold it).
    return new StoreDatabase(
        ConfiguredDataSource.defaultH2Url(dir) + ";LOCK_TIMEOUT=10000", "sa", "", null);
  }

  @Override
  protected void dispose(StoreDatabase database) throws IOException {
    StoreDatabase.deleteH2Directory(dir);
  }
}
