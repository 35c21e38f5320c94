package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.samples.duplex.RunningTotal;
import org.junit.jupiter.api.Test;

class RunningTotalTest {

  @Test
  void theSampleScenarioBuildsWcfsEquation() {
    RunningTotal t = new RunningTotal();
    assertThat(t.equationWithResult()).isEqualTo("0 = 0");
    t.apply('+', 100);
    t.apply('-', 50);
    t.apply('*', 17.65);
    assertThat(t.apply('/', 2)).isEqualTo((100.0 - 50) * 17.65 / 2);
    assertThat(t.equationWithResult()).isEqualTo("0 + 100 - 50 * 17.65 / 2 = 441.25");
    t.restart(true);
    assertThat(t.equationWithResult()).isEqualTo("0 = 0");
  }

  @Test
  void theSdkVariantRestartsFromTheResultAndSnapshotsRoundTrip() {
    RunningTotal t = new RunningTotal();
    t.apply('+', 0.1);
    t.apply('+', 0.2);
    t.restart(false);
    RunningTotal copy = new RunningTotal();
    copy.restore(t.snapshot());
    assertThat(copy.apply('+', 0)).isEqualTo(0.1 + 0.2);
    assertThat(copy.equationWithResult()).isEqualTo("0.3 + 0 = 0.3");
  }
}
