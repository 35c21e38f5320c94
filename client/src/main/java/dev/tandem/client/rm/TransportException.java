package dev.tandem.client.rm;

/** The service could not be reached, answered something that is not SOAP, or not in time (exit code 3). */
public class TransportException extends RuntimeException {
  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }

  public TransportException(String message) {
    super(message);
  }
}
