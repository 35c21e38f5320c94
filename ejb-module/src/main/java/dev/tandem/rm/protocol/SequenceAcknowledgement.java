package dev.tandem.rm.protocol;

import dev.tandem.rm.model.AcknowledgementRange;
import java.util.List;

/**
 * The {@code wsrm:SequenceAcknowledgement} header (WS-RM 1.1 §3.9).
 *
 * @param identifier the acknowledged Sequence
 * @param ranges AcknowledgementRange elements, possibly empty
 * @param nacks Nack message numbers (WCF never sends them but accepts them)
 * @param none WS-RM 1.1 {@code None}: nothing received (CXF sends it beside ranges; we accept that)
 * @param fin WS-RM 1.1 {@code Final}: the ranges will not change any more
 * @param bufferRemaining WCF's {@code netrm:BufferRemaining} flow-control hint, or null
 */
public record SequenceAcknowledgement(
    String identifier,
    List<AcknowledgementRange> ranges,
    List<Long> nacks,
    boolean none,
    boolean fin,
    Integer bufferRemaining) {

  public SequenceAcknowledgement {
    ranges = List.copyOf(ranges);
    nacks = List.copyOf(nacks);
  }
}
