package dev.tandem.client.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The durable {@link ClientStore}: an H2 MVStore file ({@value #FILE_NAME}) in a directory of its own.
 * Auto-commit is off; each change is one MVStore commit followed by an fsync, so it is on disk,
 * whole, before the method returns (an MVStore commit is atomic: a crash leaves the previous commit
 * readable). The file is locked while open: a second client on the same directory fails with {@link
 * ClientStoreException}.
 *
 * <p>Maps: {@code sequence} (the {@link SourceSequence} fields and the received numbers as ranges),
 * {@code message.*} (per MessageNumber: envelope bytes, MessageID, Action, kind) and {@code result}.
 */
public final class MvClientStore implements ClientStore {
  /** The store file inside the directory given to {@link #open}. */
  public static final String FILE_NAME = "tandem-client.mv.db";

  private final MVStore store;
  private final MVMap<String, String> sequence;
  private final MVMap<Long, byte[]> envelopes;
  private final MVMap<Long, String> messageIds;
  private final MVMap<Long, String> actions;
  private final MVMap<Long, String> kinds;
  private final MVMap<Long, String> results;

  private MvClientStore(MVStore store) {
    this.store = store;
    sequence = store.openMap("sequence");
    envelopes = store.openMap("message.envelope");
    messageIds = store.openMap("message.id");
    actions = store.openMap("message.action");
    kinds = store.openMap("message.kind");
    results = store.openMap("result");
    // Commit the maps themselves: a later rollback must not take a map opened since the last commit.
    store.commit();
    // Each commit appends a chunk. MVStore waits 45 s by default before it reuses a dead chunk's
    // space, in case the OS has not written the newer ones yet; here every commit is fsynced before
    // the next one, so space can be reused at once. Without it a 1,000-call run peaked at 35 MB.
    store.setRetentionTime(0);
  }

  /**
   * Opens (or creates) the store in {@code directory}, creating the directory if needed.
   *
   * @throws ClientStoreException if it cannot be created, or another process has it open
   */
  public static MvClientStore open(Path directory) {
    try {
      Files.createDirectories(directory);
      return new MvClientStore(
          new MVStore.Builder().fileName(directory.resolve(FILE_NAME).toString()).autoCommitDisabled().open());
    } catch (Exception e) {
      throw new ClientStoreException("cannot open the client store in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Applies {@code change} as one durable commit; on failure nothing of it stays. */
  private synchronized void write(Consumer<MvClientStore> change) {
    try {
      change.accept(this);
      store.commit();
      // Past a process kill, the commit is in the OS already; the fsync makes it survive power loss too.
      store.sync();
    } catch (IllegalStateException | IllegalArgumentException e) {
      store.rollback();
      throw e;
    } catch (RuntimeException e) {
      store.rollback();
      throw new ClientStoreException("client store write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Optional<SourceSequence> sequence() {
    if (!sequence.containsKey("sequenceId")) {
      return Optional.empty();
    }
    return Optional.of(
        new SourceSequence(
            sequence.get("endpoint"),
            sequence.get("rmVersion"),
            sequence.get("sequenceId"),
            sequence.get("offeredId"),
            sequence.get("replyTo"),
            sequence.get("application"),
            Long.parseLong(sequence.get("lastNumber")),
            Long.parseLong(sequence.get("lastMessageNumber"))));
  }

  private void put(SourceSequence s) {
    putNullable("endpoint", s.endpoint());
    putNullable("rmVersion", s.rmVersion());
    putNullable("sequenceId", s.sequenceId());
    putNullable("offeredId", s.offeredId());
    putNullable("replyTo", s.replyTo());
    putNullable("application", s.application());
    sequence.put("lastNumber", Long.toString(s.lastNumber()));
    sequence.put("lastMessageNumber", Long.toString(s.lastMessageNumber()));
  }

  private void putNullable(String key, String value) {
    if (value == null) {
      sequence.remove(key);
    } else {
      sequence.put(key, value);
    }
  }

  @Override
  public void create(SourceSequence s) {
    write(
        self -> {
          sequence()
              .ifPresent(
                  held -> {
                    throw new IllegalStateException("the store already holds Sequence " + held.sequenceId());
                  });
          put(s);
          sequence.put("received", "");
        });
  }

  @Override
  public void storeMessage(StoredMessage m) {
    write(
        self -> {
          SourceSequence s = sequence().orElseThrow(() -> new IllegalStateException("no Sequence"));
          if (envelopes.containsKey(m.number()) || results.containsKey(m.number())) {
            throw new IllegalStateException("MessageNumber " + m.number() + " is taken");
          }
          envelopes.put(m.number(), m.envelope());
          messageIds.put(m.number(), m.messageId());
          actions.put(m.number(), m.action());
          kinds.put(m.number(), m.kind().name());
          put(s.withNumber(m.number(), m.kind() == StoredMessage.Kind.LAST_MESSAGE));
        });
  }

  @Override
  public void complete(long number, SortedSet<Long> received, String result) {
    write(
        self -> {
          envelopes.remove(number);
          messageIds.remove(number);
          actions.remove(number);
          kinds.remove(number);
          TreeSet<Long> all = Ranges.decode(sequence.getOrDefault("received", ""));
          all.addAll(received);
          sequence.put("received", Ranges.encode(all));
          if (result != null) {
            results.put(number, result);
          }
        });
  }

  @Override
  public synchronized List<StoredMessage> unacknowledged() {
    List<StoredMessage> out = new ArrayList<>();
    for (Map.Entry<Long, byte[]> e : new TreeMap<>(envelopes).entrySet()) {
      long n = e.getKey();
      out.add(
          new StoredMessage(
              n, messageIds.get(n), actions.get(n), StoredMessage.Kind.valueOf(kinds.get(n)), e.getValue()));
    }
    return out;
  }

  @Override
  public synchronized SortedSet<Long> received() {
    return Ranges.decode(sequence.getOrDefault("received", ""));
  }

  @Override
  public synchronized SortedMap<Long, String> results() {
    return new TreeMap<>(results);
  }

  @Override
  public void clear() {
    write(
        self -> {
          sequence.clear();
          envelopes.clear();
          messageIds.clear();
          actions.clear();
          kinds.clear();
          results.clear();
        });
    // Every commit appends a chunk (old ones are reused only after MVStore's 45 s retention time), so a
    // long run leaves megabytes of dead chunks behind: give them back once the Sequence is over.
    synchronized (this) {
      store.compactFile(2000);
    }
  }

  @Override
  public synchronized void close() {
    if (!store.isClosed()) {
      store.close();
    }
  }

  /** Message numbers as acknowledgement-style ranges, "1-5,7-7": a long run stays one short value. */
  static final class Ranges {
    private Ranges() {}

    static String encode(SortedSet<Long> numbers) {
      StringBuilder sb = new StringBuilder();
      long lo = -1;
      long hi = -1;
      for (long n : numbers) {
        if (lo >= 0 && n == hi + 1) {
          hi = n;
          continue;
        }
        if (lo >= 0) {
          sb.append(sb.length() == 0 ? "" : ",").append(lo).append('-').append(hi);
        }
        lo = n;
        hi = n;
      }
      if (lo >= 0) {
        sb.append(sb.length() == 0 ? "" : ",").append(lo).append('-').append(hi);
      }
      return sb.toString();
    }

    static TreeSet<Long> decode(String ranges) {
      TreeSet<Long> out = new TreeSet<>();
      if (ranges == null || ranges.isBlank()) {
        return out;
      }
      for (String r : ranges.split(",")) {
        int dash = r.indexOf('-');
        long lo = Long.parseLong(r.substring(0, dash));
        long hi = Long.parseLong(r.substring(dash + 1));
        for (long n = lo; n <= hi; n++) {
          out.add(n);
        }
      }
      return out;
    }
  }
}
