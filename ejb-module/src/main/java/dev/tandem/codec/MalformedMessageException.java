package dev.tandem.codec;

/** The bytes are not a well-formed SOAP envelope (or hold a DTD, or a protocol element is broken). */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
