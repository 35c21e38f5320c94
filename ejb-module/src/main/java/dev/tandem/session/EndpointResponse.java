package dev.tandem.session;

/**
 * What the servlet writes back.
 *
 * @param status HTTP status (200, 202, 500, 413 …)
 * @param contentType Content-Type, or null with an empty body
 * @param body the bytes to write; empty for 202
 */
public record EndpointResponse(int status, String contentType, byte[] body) {
  public static EndpointResponse accepted() {
    return new EndpointResponse(202, null, new byte[0]);
  }
}
