package dev.tandem.admin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through ChromeDriver, for browser tests: Debian's {@code chromium} and
 * {@code chromium-driver} packages at {@value #CHROMIUM} and {@value #CHROMEDRIVER} (scripts/browser.sh
 * installs them). Both paths are given explicitly, so Selenium Manager never runs (it would try to
 * download a driver or browser, and this machine's network is closed).
 *
 * <p>The flags: headless without GPU or sandbox (no display, runs as root in containers), /tmp instead of
 * a small /dev/shm, a fixed window size for comparable screenshots, and a fresh profile per browser
 * (deleted on {@link #close()}). The rest ({@code --disable-background-networking},
 * {@code --disable-component-update}, {@code --disable-sync}, {@code --disable-quic},
 * {@code --no-first-run}) stop Chromium's own traffic: on this closed network it would otherwise open
 * many refused connections (updates, sync, safe browsing, QUIC probes) in the background of every test.
 */
public final class Browser implements AutoCloseable {

  public static final String CHROMIUM = "/usr/bin/chromium";
  public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  // Selenium warns "Unable to find CDP implementation matching <version>" twice per browser: no
  // selenium-devtools on the class path (the tests use WebDriver only, and Debian's Chromium is newer
  // than the DevTools versions Selenium ships anyway). Held here so the setting is not garbage-collected.
  private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_VERSION_LOG.setLevel(Level.SEVERE);
  }

  private final Path profile;
  private final ChromeDriverService service;
  private final WebDriver driver;

  public Browser() {
    Path dir;
    try {
      dir = Files.createTempDirectory("tandem-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    profile = dir;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .build();
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteProfile();
      throw e;
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** Saves the current page as target/screenshots/{@code name}.png (under the working directory). */
  public Path screenshot(String name) {
    Path file = Path.of("target", "screenshots", name + ".png").toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteProfile();
    }
  }

  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary profile is harmless.
    }
  }
}
