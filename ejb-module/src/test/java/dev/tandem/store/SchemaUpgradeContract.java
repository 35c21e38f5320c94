package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.codec.EnvelopeReader;
import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.engine.Answer;
import dev.tandem.engine.RmEngine;
import dev.tandem.engine.RmSettings;
import dev.tandem.engine.outbound.OutboundQueue;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.session.BackChannel;
import dev.tandem.rm.session.ReliableSession;
import dev.tandem.session.SchemaMigration;
import dev.tandem.store.jpa.JpaOutboundStore;
import dev.tandem.store.jpa.JpaRmStore;
import dev.tandem.testing.Envelopes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An upgrade with live sessions in the store: the schema of the previous release (Flyway version 8),
 * four sessions in the middle of their Sequences — one per back channel, with delivered messages,
 * stored replies and queued callbacks — then the current migrations, and the engine carries on with
 * them: each session gets the back channel its endpoint and AcksTo gave it before (V9 fills it in),
 * a request-reply Sequence accepts its next MessageNumber, and queued callbacks go out on the right
 * drain. Run against each database by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SchemaUpgradeContract {
  private static final String MC =
      "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=6a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  private StoreDatabase database;
  private EntityManagerFactory emf;

  /** A database with nothing in it yet. */
  protected abstract StoreDatabase database() throws Exception;

  protected abstract void dispose(StoreDatabase database) throws Exception;

  @BeforeAll
  void upgradeALiveStore() throws Exception {
    database = database();
    if (database.schema() != null) {
      try (Connection c = new StoreDatabase(database.url(), database.user(), database.password(), null)
              .dataSource()
              .getConnection()) {
        c.createStatement().execute("create schema " + database.schema());
      }
    }
    Flyway.configure(getClass().getClassLoader())
        .dataSource(database.dataSource())
        .locations(SchemaMigration.LOCATION)
        .target("8")
        .load()
        .migrate();
    try (Connection c = database.dataSource().getConnection()) {
      session(c, "urn:uuid:rr", "urn:uuid:rr-offer", Envelopes.ANON, "/service.svc", 2);
      reply(c, "urn:uuid:rr", 1);
      reply(c, "urn:uuid:rr", 2);
      session(c, "urn:uuid:rp", "urn:uuid:rp-offer", MC, "/service.svc", 0);
      session(c, "urn:uuid:dual", "urn:uuid:dual-offer", "http://client.example:8000/", "/service.svc/duplex", 1);
      callback(c, "urn:uuid:dual", "urn:uuid:dual-offer", "http://client.example:8000/");
      session(c, "urn:uuid:rsp", "urn:uuid:rsp-offer", MC, "/service.svc/rsp", 1);
      callback(c, "urn:uuid:rsp", "urn:uuid:rsp-offer", MC);
    }
    assertThat(SchemaMigration.migrate(database.dataSource(), getClass().getClassLoader()))
        .isNotEqualTo("8");
    emf = database.entityManagerFactory(); // validates the entities against the upgraded schema
  }

  @AfterAll
  void dropIt() throws Exception {
    if (emf != null) {
      emf.close();
    }
    if (database != null) {
      dispose(database);
    }
  }

  @Test
  void eachSessionKeepsTheBackChannelItsEndpointAndAcksToGaveIt() {
    inTransaction(
        engine -> {
          JpaRmStore store = engine.store;
          assertThat(channel(store, "urn:uuid:rr")).isEqualTo(BackChannel.RESPONSE);
          assertThat(channel(store, "urn:uuid:rp")).isEqualTo(BackChannel.RESPONSE_AND_POLL);
          assertThat(channel(store, "urn:uuid:dual")).isEqualTo(BackChannel.ADDRESSED);
          assertThat(channel(store, "urn:uuid:rsp")).isEqualTo(BackChannel.POLLED);
          ReliableSession rr = store.lockBySourceSequence("urn:uuid:rr-offer").orElseThrow();
          assertThat(rr.id()).isEqualTo("urn:uuid:rr");
          assertThat(rr.inbound().received().encode()).isEqualTo("1-2");
          assertThat(rr.outbound().lastMessageNumber()).isEqualTo(2);
          assertThat(rr.inbound().state()).isEqualTo(SequenceState.ACTIVE);
          return null;
        });
  }

  @Test
  void aRequestReplySequenceCarriesOnWithItsNextMessageNumber() {
    String reply =
        inTransaction(
            engine -> {
              Answer a =
                  engine.rm.dispatcher()
                      .dispatch(
                          new EnvelopeReader()
                              .read(
                                  Envelopes.calc(Envelopes.RM10, "urn:uuid:rr", 3, "Add", "1", "2")
                                      .getBytes(StandardCharsets.UTF_8)),
                          "/service.svc",
                          Envelopes.TO);
              assertThat(a).isInstanceOf(Answer.Reply.class);
              OutboundEnvelope out = ((Answer.Reply) a).envelope();
              assertThat(out.sequence().identifier()).isEqualTo("urn:uuid:rr-offer");
              assertThat(out.sequence().messageNumber()).isEqualTo(3);
              return new String(new EnvelopeWriter().write(out), StandardCharsets.UTF_8);
            });
    assertThat(reply).contains("<AddResult>3").contains("Upper=\"3\"");
  }

  @Test
  void queuedCallbacksGoOutOnTheDrainOfTheirBackChannel() {
    inTransaction(
        engine -> {
          OutboundQueue queue = engine.rm.queue();
          OutboundQueue.Claim posted = queue.claimDue(16, 1_000);
          assertThat(posted.ready())
              .extracting(t -> t.message().to())
              .containsExactly("http://client.example:8000/");
          assertThat(posted.ready().get(0).envelope().sequence().identifier())
              .isEqualTo("urn:uuid:dual-offer");
          OutboundEnvelope polled = queue.claimFor(MC).orElseThrow();
          assertThat(polled.sequence().identifier()).isEqualTo("urn:uuid:rsp-offer");
          return null;
        });
  }

  // ---- fixtures ---------------------------------------------------------------------------------

  private record Engine(JpaRmStore store, RmEngine rm) {}

  private <T> T inTransaction(Function<Engine, T> work) {
    EntityManager em = emf.createEntityManager();
    em.getTransaction().begin();
    try {
      JpaRmStore store = new JpaRmStore(em);
      RmEngine rm =
          new RmEngine(
              store,
              new JpaOutboundStore(em),
              new MetroApplicationInvoker(),
              RmSettings.defaults(),
              Clock.systemUTC());
      return work.apply(new Engine(store, rm));
    } finally {
      em.getTransaction().rollback(); // each test sees the upgraded store as it was
      em.close();
    }
  }

  private static BackChannel channel(JpaRmStore store, String id) {
    return store.lock(id).orElseThrow().backChannel();
  }

  /** A row as version 8 wrote it: {@code delivered} messages received and delivered, as many replies. */
  private static void session(
      Connection c, String id, String offered, String acksTo, String endpoint, long delivered)
      throws Exception {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into rm_sequence (id, rm_version, offered_id, acks_to, endpoint, state,"
                + " received_ranges, delivered_up_to, last_message_number, reply_last_number,"
                + " reply_acknowledged, created_at, last_activity, version, reply_buffer_remaining,"
                + " terminated_by_client, expires_at)"
                + " values (?, 'WSRM_2005_02', ?, ?, ?, 'ACTIVE', ?, ?, null, ?, '', ?, ?, 0, null,"
                + " false, null)")) {
      s.setString(1, id);
      s.setString(2, offered);
      s.setString(3, acksTo);
      s.setString(4, endpoint);
      s.setString(5, delivered == 0 ? "" : "1-" + delivered);
      s.setLong(6, delivered);
      s.setLong(7, endpoint.equals("/service.svc") ? delivered : 0);
      s.setTimestamp(8, Timestamp.from(T0));
      s.setTimestamp(9, Timestamp.from(Instant.now()));
      s.executeUpdate();
    }
  }

  private static void reply(Connection c, String sequence, long n) throws Exception {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into rm_message (sequence_id, message_number, status, request, reply_number,"
                + " reply_action, reply_relates_to, reply_body, reply_last)"
                + " values (?, ?, 'DELIVERED', null, ?, ?, ?, ?, false)")) {
      s.setString(1, sequence);
      s.setLong(2, n);
      s.setLong(3, n);
      s.setString(4, Envelopes.CALC + "/ICalculator/AddResponse");
      s.setString(5, "urn:uuid:m-" + sequence + "-" + n);
      s.setBytes(
          6,
          ("<AddResponse xmlns=\"" + Envelopes.CALC + "\"><AddResult>" + n + "</AddResult></AddResponse>")
              .getBytes(StandardCharsets.UTF_8));
      s.executeUpdate();
    }
  }

  private static void callback(Connection c, String session, String sequence, String to)
      throws Exception {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into rm_outbound (session_id, sequence_id, message_number, last_message,"
                + " to_address, action, relates_to, body, kind, attempts, next_attempt_at, held)"
                + " values (?, ?, 1, false, ?, 'urn:callback', null, ?, 'APPLICATION', 0, ?, false)")) {
      s.setString(1, session);
      s.setString(2, sequence);
      s.setString(3, to);
      s.setBytes(4, "<Equals xmlns=\"urn:x\"><result>1</result></Equals>".getBytes(StandardCharsets.UTF_8));
      s.setTimestamp(5, Timestamp.from(T0));
      s.executeUpdate();
    }
  }
}
