package dev.tandem.store;

import java.sql.SQLException;

/**
 * The outbound and session state store contract on PostgreSQL 15, in a schema of its own ({@code outbound_test_<random>}) that is
 * dropped afterwards, so the database may be shared. Configuration: {@link
 * StoreDatabase#postgresql}.
 */
class PostgresOutboundStoreTest extends OutboundStoreContract {

  @Override
  protected StoreDatabase database() {
    return StoreDatabase.postgresql("outbound_test_");
  }

  @Override
  protected void dispose(StoreDatabase db) throws SQLException {
    db.dropSchema();
  }
}
