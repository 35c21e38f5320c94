package dev.tandem.bench;

/** Opens {@link Session}s of one client against one endpoint; {@link #open} is thread-safe. */
public interface SessionFactory {
  Session open() throws Exception;
}
