package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.AcknowledgementRanges;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the store contracts ({@link RmStoreContract}, {@link OutboundStoreContract}, {@link
 * OperationsStoreContract}) share: the subclass's database, migrated once per class, and for each
 * test an entity manager in a transaction that is rolled back afterwards, so tests do not see each
 * other's rows. "Reload" (flush and clear) forces the next read to come from the database rather
 * than from the persistence context.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContract {
  /** Microsecond precision: what both databases keep of a timestamp. */
  protected static final Instant T0 = Instant.parse("2001-02-03T04:05:06.123456Z");

  /** WS-MC 1.1 §3.1: the anonymous URI template that a MakeConnection poll names. */
  protected static final String MC_ANONYMOUS =
      "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=";

  /** A duplex client's callback address. */
  protected static final String CLIENT = "http://client.example/callback";

  protected StoreDatabase database;
  protected EntityManagerFactory emf;
  /** This test's entity manager, its transaction open. */
  protected EntityManager em;
  private String schemaVersion;

  /** The database to run against; may fail the class (never skip it) when none is configured. */
  protected abstract StoreDatabase database() throws Exception;

  /** Removes what {@link #database()} created. */
  protected abstract void dispose(StoreDatabase database) throws Exception;

  /** Creates the stores under test over {@code em}, once its transaction has begun. */
  protected abstract void openStores(EntityManager em);

  @BeforeAll
  void startDatabase() throws Exception {
    database = database();
    schemaVersion = database.migrate();
    emf = database.entityManagerFactory();
  }

  @AfterAll
  void stopDatabase() throws Exception {
    if (emf != null) {
      emf.close();
    }
    if (database != null) {
      dispose(database);
    }
  }

  @BeforeEach
  void beginTransaction() {
    em = emf.createEntityManager();
    em.getTransaction().begin();
    openStores(em);
  }

  @AfterEach
  void rollBack() {
    if (em.getTransaction().isActive()) {
      em.getTransaction().rollback();
    }
    em.close();
  }

  @Test
  void migratingAnUpToDateSchemaChangesNothing() throws Exception {
    assertThat(schemaVersion).isNotBlank();
    assertThat(database.migrate()).isEqualTo(schemaVersion);
  }

  /** Writes pending changes and forgets loaded rows, so the next read comes from the database. */
  protected void reload() {
    em.flush();
    em.clear();
  }

  protected static String newId() {
    return "urn:uuid:" + UUID.randomUUID();
  }

  protected static AcknowledgementRanges ranges(long lower, long upper) {
    return AcknowledgementRanges.of(List.of(new AcknowledgementRange(lower, upper)));
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
