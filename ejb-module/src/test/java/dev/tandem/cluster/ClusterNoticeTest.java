package dev.tandem.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterNoticeTest {
  private static final String ADDRESS =
      "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=0f8fad5b-d9cb-469f-a165-70867728950e";

  @Test
  void aPayloadIsReadBackAsWritten() {
    ClusterNotice n = new ClusterNotice("node-a", Instant.ofEpochMilli(1_765_000_000_123L), ADDRESS);

    assertThat(ClusterNotice.parse(n.payload())).contains(n);
  }

  @Test
  void anAddressWithLineBreaksOrSeparatorsSurvives() {
    ClusterNotice n = new ClusterNotice("node-a", Instant.ofEpochMilli(0), ADDRESS + "\nx\n1");

    assertThat(ClusterNotice.parse(n.payload())).contains(n);
  }

  @Test
  void someoneElsesNotificationIsIgnored() {
    assertThat(ClusterNotice.parse(null)).isEmpty();
    assertThat(ClusterNotice.parse("hello")).isEmpty();
    assertThat(ClusterNotice.parse("a\nnot-a-number\n" + ADDRESS)).isEmpty();
    assertThat(ClusterNotice.parse("a\n12\n")).isEmpty();
  }

  @Test
  void aPayloadFitsPostgreSqlsLimitForTheLongestStoredAddress() {
    String longest = ADDRESS + "x".repeat(2048 - ADDRESS.length());
    ClusterNotice n = new ClusterNotice(ClusterNotices.NODE, Instant.now(), longest);

    assertThat(n.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(8000);
  }
}
