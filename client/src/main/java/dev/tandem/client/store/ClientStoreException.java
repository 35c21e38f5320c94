package dev.tandem.client.store;

/** A client store could not be opened, read or written (e.g. its file is locked by another client). */
public final class ClientStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClientStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
