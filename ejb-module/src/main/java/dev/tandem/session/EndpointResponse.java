package dev.tandem.session;

/**
 * What the servlet writes back.
 *
 * @param status HTTP status (200, 202, 500, 413 …)
 * @param contentType Content-Type, or null with an empty body
 * @param body the bytes to write; empty for 202
 * @param parkAddress for a MakeConnection poll with nothing to deliver yet: the MC anonymous URI to
 *     hold the request open for (status is then 202, used if the hold time ends); otherwise null
 */
public record EndpointResponse(int status, String contentType, byte[] body, String parkAddress) {

  public EndpointResponse(int status, String contentType, byte[] body) {
    this(status, contentType, body, null);
  }

  public static EndpointResponse accepted() {
    return new EndpointResponse(202, null, new byte[0]);
  }

  /** Hold the poll for {@code address}; 202 if nothing comes. */
  public static EndpointResponse park(String address) {
    return new EndpointResponse(202, null, new byte[0], address);
  }
}
