package dev.tandem.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Envelopes;
import java.net.URI;

/**
 * A healthy WS-RM February 2005 calculator session kept in use throughout the suite: every step must
 * get the right sum, the next reply number, and an acknowledgement of exactly 1..n.
 */
final class Victim {
  private final URI endpoint;
  private final String sequence;
  private long n;

  private Victim(URI endpoint, String sequence) {
    this.endpoint = endpoint;
    this.sequence = sequence;
  }

  static Victim open(URI endpoint, String sequence) throws Exception {
    Victim v = new Victim(endpoint, sequence);
    v.step();
    return v;
  }

  /** Messages executed so far. */
  long executed() {
    return n;
  }

  /** Sends Add(n, 1000) as message n+1 and checks the reply. */
  void step() throws Exception {
    long next = n + 1;
    RawHttp.Answer a =
        Wire.post(endpoint, Envelopes.calc(Envelopes.RM10, sequence, next, "Add", Long.toString(next), "1000"));
    assertThat(a.status()).as("victim message %d", next).isEqualTo(200);
    assertThat(Double.parseDouble(Wire.x("//c:AddResult", a.body()))).isEqualTo(next + 1000.0);
    assertThat(Wire.x("//r10:Sequence/r10:MessageNumber", a.body())).isEqualTo(Long.toString(next));
    assertThat(Wire.x("count(//r10:AcknowledgementRange)", a.body())).isEqualTo("1");
    assertThat(Wire.x("//r10:AcknowledgementRange/@Lower", a.body())).isEqualTo("1");
    assertThat(Wire.x("//r10:AcknowledgementRange/@Upper", a.body())).isEqualTo(Long.toString(next));
    n = next;
  }
}
