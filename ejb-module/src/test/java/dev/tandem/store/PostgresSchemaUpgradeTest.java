package dev.tandem.store;

/**
 * The upgrade with live sessions on PostgreSQL, in a schema of its own that is dropped afterwards.
 * Configuration: {@link StoreDatabase#postgresql}.
 */
class PostgresSchemaUpgradeTest extends SchemaUpgradeContract {
  @Override
  protected StoreDatabase database() {
    return StoreDatabase.postgresql("rm_upgrade_");
  }

  @Override
  protected void dispose(StoreDatabase database) throws Exception {
    database.dropSchema();
  }
}
