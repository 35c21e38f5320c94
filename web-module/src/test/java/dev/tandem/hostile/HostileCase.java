package dev.tandem.hostile;

import java.util.function.Function;

/**
 * One hostile request and the answer it must get.
 *
 * @param group the kind of attack (for the printed summary)
 * @param name what was done to the request
 * @param request the request bytes (the body, or for {@link Delivery.Kind#RAW} the whole request),
 *     built against the live {@link Targets}
 * @param contentType the Content-Type header, or null for none
 * @param delivery how the bytes are sent
 * @param expected the answer the specs call for
 */
record HostileCase(
    String group,
    String name,
    Function<Targets, byte[]> request,
    String contentType,
    Delivery delivery,
    Expected expected) {

  @Override
  public String toString() {
    return group + ": " + name + " -> " + expected;
  }
}
