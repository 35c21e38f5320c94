package dev.tandem.store;

import java.sql.SQLException;

/**
 * The store contract on PostgreSQL 15, in a schema of its own ({@code rm_test_<random>}) that is
 * dropped afterwards, so the database may be shared. Configuration: {@link
 * StoreDatabase#postgresql}.
 */
class PostgresRmStoreTest extends RmStoreContract {

  @Override
  protected StoreDatabase database() {
    return StoreDatabase.postgresql("rm_test_");
  }

  @Override
  protected void dispose(StoreDatabase db) throws SQLException {
    db.dropSchema();
  }
}
