package dev.tandem.bench.cxf;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.cxf.ws.rm.persistence.jdbc.RMTxStore;

/**
 * CXF's JDBC RM store on PostgreSQL. {@link RMTxStore}'s own DDL is Derby's ({@code BLOB} columns),
 * which PostgreSQL does not have; this store creates the same four tables with {@code BYTEA} instead
 * (dropping any left from an earlier run) and is otherwise CXF's: its statements write the message
 * content with {@code setBinaryStream}, which pgjdbc maps to {@code BYTEA}. Restart recovery is not
 * supported: CXF reads stored messages back with {@code getBlob}, which pgjdbc refuses on {@code BYTEA}.
 */
final class PgRmTxStore extends RMTxStore {
  private static final String SEQUENCE_COLUMNS = "SEQ_ID VARCHAR(256) NOT NULL PRIMARY KEY, ";
  private static final String MESSAGE_COLUMNS =
      "(SEQ_ID VARCHAR(256) NOT NULL, MSG_NO DECIMAL(19, 0) NOT NULL, SEND_TO VARCHAR(256),"
          + " CREATED_TIME DECIMAL(19, 0), CONTENT BYTEA, CONTENT_TYPE VARCHAR(1024), PRIMARY KEY (SEQ_ID, MSG_NO))";
  static final List<String> DDL =
      List.of(
          "DROP TABLE IF EXISTS CXF_RM_SRC_SEQUENCES, CXF_RM_DEST_SEQUENCES, CXF_RM_OUTBOUND_MESSAGES, CXF_RM_INBOUND_MESSAGES",
          "CREATE TABLE CXF_RM_SRC_SEQUENCES (" + SEQUENCE_COLUMNS
              + "CUR_MSG_NO DECIMAL(19, 0) DEFAULT 1 NOT NULL, LAST_MSG CHAR(1), EXPIRY DECIMAL(19, 0),"
              + " OFFERING_SEQ_ID VARCHAR(256), ENDPOINT_ID VARCHAR(1024), PROTOCOL_VERSION VARCHAR(256))",
          "CREATE TABLE CXF_RM_DEST_SEQUENCES (" + SEQUENCE_COLUMNS
              + "ACKS_TO VARCHAR(1024) NOT NULL, LAST_MSG_NO DECIMAL(19, 0), ENDPOINT_ID VARCHAR(1024),"
              + " ACKNOWLEDGED BYTEA, TERMINATED CHAR(1), PROTOCOL_VERSION VARCHAR(256))",
          "CREATE TABLE CXF_RM_OUTBOUND_MESSAGES " + MESSAGE_COLUMNS,
          "CREATE TABLE CXF_RM_INBOUND_MESSAGES " + MESSAGE_COLUMNS);

  PgRmTxStore(String url, String user, String password) {
    setDriverClassName("org.postgresql.Driver");
    setUrl(url);
    setUserName(user);
    setPassword(password);
    setKeepConnection(true);
  }

  /** Called by {@link RMTxStore#init()} on its kept connection, which it then uses without autocommit. */
  @Override
  protected void createTables() throws SQLException {
    Connection c = verifyConnection();
    if (c == null) {
      throw new SQLException("no connection to " + getUrl());
    }
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      for (String ddl : DDL) {
        s.executeUpdate(ddl);
      }
    } finally {
      c.setAutoCommit(false);
    }
  }
}
