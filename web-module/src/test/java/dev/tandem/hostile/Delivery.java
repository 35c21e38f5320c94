package dev.tandem.hostile;

/**
 * How a case's bytes reach the server. {@link Kind#CLIENT} uses the JDK HTTP client; the others write
 * the HTTP/1.1 request on a raw socket ({@link RawHttp}) because no well-behaved client can be made
 * to drip, stall or lie about its length.
 *
 * @param kind the framing
 * @param chunkBytes bytes per write (DRIP, CHUNKED) or bytes sent before stalling (STALL)
 * @param intervalMillis pause between writes (DRIP)
 */
record Delivery(Kind kind, int chunkBytes, long intervalMillis) {
  enum Kind {
    /** JDK HttpClient, Content-Length. */
    CLIENT,
    /** A new JDK HttpClient, so the request is its first and asks for an h2c upgrade. */
    H2C_UPGRADE,
    /** Content-Length, body written in 64 KiB blocks while the answer is read concurrently. */
    FIXED,
    /** Transfer-Encoding: chunked. */
    CHUNKED,
    /** Content-Length, {@code chunkBytes} every {@code intervalMillis}. */
    DRIP,
    /** Content-Length of the whole body, only {@code chunkBytes} of it sent, then silence. */
    STALL,
    /** The case's bytes are the whole HTTP request, head included. */
    RAW
  }

  static final Delivery CLIENT = new Delivery(Kind.CLIENT, 0, 0);
  static final Delivery H2C_UPGRADE = new Delivery(Kind.H2C_UPGRADE, 0, 0);
  static final Delivery FIXED = new Delivery(Kind.FIXED, 65536, 0);
  static final Delivery RAW = new Delivery(Kind.RAW, 0, 0);

  static Delivery chunked(int chunkBytes) {
    return new Delivery(Kind.CHUNKED, chunkBytes, 0);
  }

  static Delivery drip(int bytes, long intervalMillis) {
    return new Delivery(Kind.DRIP, bytes, intervalMillis);
  }

  static Delivery stall(int sentBytes) {
    return new Delivery(Kind.STALL, sentBytes, 0);
  }
}
