package dev.tandem.store;

import java.sql.SQLException;

/**
 * The operations store contract on PostgreSQL 15, in a schema of its own ({@code
 * operations_test_<random>}) that is dropped afterwards, so the database may be shared.
 * Configuration: {@link StoreDatabase#postgresql}.
 */
class PostgresOperationsStoreTest extends OperationsStoreContract {

  @Override
  protected StoreDatabase database() {
    return StoreDatabase.postgresql("operations_test_");
  }

  @Override
  protected void dispose(StoreDatabase db) throws SQLException {
    db.dropSchema();
  }
}
