package dev.tandem.store;

import dev.tandem.resources.jdbc.ConfiguredDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The outbound and session state store contract on H2 2.3, the embedded default: a fresh file
 * database, with the URL settings the application uses ({@link ConfiguredDataSource#defaultH2Url}),
 * in a directory of its own under {@code target/h2-outbound-store-test/}, deleted afterwards.
 */
class H2OutboundStoreTest extends OutboundStoreContract {
  private final Path dir =
      Path.of("target", "h2-outbound-store-test", UUID.randomUUID().toString()).toAbsolutePath();

  @Override
  protected StoreDatabase database() {
    return new StoreDatabase(ConfiguredDataSource.defaultH2Url(dir), "sa", "", null);
  }

  @Override
  protected void dispose(StoreDatabase database) throws IOException {
    StoreDatabase.deleteH2Directory(dir);
  }
}
