package dev.tandem.lossy;

/** What the {@link LossyProxy} does to one HTTP exchange. */
public enum LinkFault {
  /** Forwarded and answered as is. */
  PASS,
  /** Held for a random time (tens to hundreds of ms) before it is forwarded. */
  DELAY,
  /** Never forwarded; the client's connection is closed without an answer. */
  DROP_REQUEST,
  /** Forwarded and processed by the server, but the answer is thrown away (connection closed). */
  DROP_RESPONSE,
  /** Forwarded twice, concurrently; the client gets the second answer. */
  DUPLICATE,
  /** Held until the next request has been forwarded (or a bound passes), then forwarded: reordering. */
  REORDER
}
