package dev.tandem.metrics;

import dev.tandem.rm.protocol.RmFault;

/** The {@code code} tag of {@link TandemMetrics#FAULTED}: the fault's subcode local name. */
public final class FaultCodes {
  private FaultCodes() {}

  /**
   * The spec's subcode local name (e.g. {@code UnknownSequence}, {@code SequenceTerminated}), or the
   * enum name when a fault has none.
   */
  public static String of(RmFault fault) {
    String code = fault.subcode();
    return code == null || code.isEmpty() ? fault.name() : code;
  }
}
