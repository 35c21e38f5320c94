package dev.tandem.engine;

import dev.tandem.rm.model.AcknowledgementRange;
import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import java.util.List;

/** Builds the SequenceAcknowledgement of a request Sequence as WCF sends it (WS-RM 1.1 §3.9). */
final class Acknowledgements {
  private Acknowledgements() {}

  /**
   * The acknowledgement of everything {@code seq} has received, with {@code netrm:BufferRemaining}
   * = transfer window minus the messages waiting behind a gap (WCF flow control, [RM10] B4001), and
   * {@code Final} once the Sequence is closed or terminated (WS-RM 1.1).
   */
  static SequenceAcknowledgement of(DestinationSequence seq, int transferWindow) {
    long waiting = 0;
    for (AcknowledgementRange r : seq.received().ranges()) {
      if (r.upper() > seq.deliveredUpTo()) {
        waiting += r.upper() - Math.max(r.lower(), seq.deliveredUpTo() + 1) + 1;
      }
    }
    int buffer = (int) Math.max(0, transferWindow - waiting);
    boolean fin = seq.state() != SequenceState.ACTIVE;
    return new SequenceAcknowledgement(
        seq.id(), seq.received().ranges(), List.of(), false, fin, buffer);
  }
}
