package dev.tandem.resources.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence and defaults of the JDBC settings, from a map instead of MicroProfile Config. */
class JdbcSettingsTest {
  @TempDir Path dir;

  private static JdbcSettings settings(Map<String, String> config) {
    return new JdbcSettings(config::get, name -> "user.home".equals(name) ? "/home/someone" : null);
  }

  @Test
  void aBlankPoolPropertyFallsBackToTheConfigKeyAndABlankKeyToTheDefault() {
    JdbcSettings s = settings(Map.of(ConfiguredDataSource.USER, "from-config", ConfiguredDataSource.URL, " "));
    assertThat(s.user(" ")).isEqualTo("from-config");
    assertThat(s.user("pool")).isEqualTo("pool");
    assertThat(s.url(null)).isNull();
    assertThat(s.dataDirectory()).isEqualTo(Path.of("/home/someone/.tandem/data"));
  }

  @Test
  void onlyOneTrailingLineBreakOfThePasswordFileIsDropped() throws Exception {
    Path crlf = Files.writeString(dir.resolve("crlf"), " pw \r\n");
    Path twoBreaks = Files.writeString(dir.resolve("two"), "pw\n\n");
    Path none = Files.writeString(dir.resolve("none"), "pw");
    assertThat(settings(Map.of(ConfiguredDataSource.PASSWORD_FILE, crlf.toString())).password(null)).isEqualTo(" pw ");
    assertThat(settings(Map.of(ConfiguredDataSource.PASSWORD_FILE, twoBreaks.toString())).password(null))
        .isEqualTo("pw\n");
    assertThat(settings(Map.of(ConfiguredDataSource.PASSWORD_FILE, none.toString())).password(null)).isEqualTo("pw");
  }

  @Test
  void withoutPasswordOrFileThereIsNoPassword() throws SQLException {
    assertThat(settings(Map.of()).password(null)).isNull();
  }

  @Test
  void aNegativeStartupWaitMeansNoWaitAndBlanksAroundTheNumberAreAllowed() {
    assertThat(settings(Map.of(ConfiguredDataSource.STARTUP_WAIT_PROPERTY, "-5")).startupWait()).isZero();
    assertThat(settings(Map.of(ConfiguredDataSource.STARTUP_WAIT_PROPERTY, " 7 ")).startupWait()).hasSeconds(7);
    assertThat(settings(Map.of()).startupWait()).hasSeconds(ConfiguredDataSource.DEFAULT_STARTUP_WAIT_SECONDS);
  }
}
