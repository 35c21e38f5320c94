package dev.tandem.store;

import dev.tandem.resources.jdbc.ConfiguredDataSource;
import java.nio.file.Path;
import java.util.UUID;

/** The upgrade with live sessions on H2 2.3, in a fresh file database under {@code target/}. */
class H2SchemaUpgradeTest extends SchemaUpgradeContract {
  private final Path dir =
      Path.of("target", "h2-upgrade-test", UUID.randomUUID().toString()).toAbsolutePath();

  @Override
  protected StoreDatabase database() {
    return new StoreDatabase(ConfiguredDataSource.defaultH2Url(dir), "sa", "", null);
  }

  @Override
  protected void dispose(StoreDatabase database) throws Exception {
    StoreDatabase.deleteH2Directory(dir);
  }
}
