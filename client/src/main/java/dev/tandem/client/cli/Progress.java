package dev.tandem.client.cli;

import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A progress bar (me.tongfei:progressbar) for long calculator runs, drawn on stderr so that stdout
 * keeps only the results. Shown with {@code --progress}, or by default from {@link #THRESHOLD}
 * operations when the client runs in a terminal; never with {@code --verbose} (whose messages would
 * tear it) nor with {@code --no-progress}. When off, every method does nothing.
 */
final class Progress implements AutoCloseable {
  /** Operations from which the bar is on by default (system property {@code tandem.progress.threshold}). */
  static final int THRESHOLD = Integer.getInteger("tandem.progress.threshold", 25);

  private final ProgressBar bar;
  private final StderrConsumer consumer;

  private Progress(ProgressBar bar, StderrConsumer consumer) {
    this.bar = bar;
    this.consumer = consumer;
  }

  /**
   * @param total operations in the run
   * @param done operations already done (a resumed run starts there)
   */
  static Progress start(CommandSpec spec, Common common, CalculatorOptions options, int total, int done) {
    boolean on =
        !common.verbose
            && (options.progress != null ? options.progress : total >= THRESHOLD && System.console() != null);
    if (!on) {
      return new Progress(null, null);
    }
    StderrConsumer consumer = new StderrConsumer(spec.commandLine().getErr());
    return new Progress(
        new ProgressBarBuilder()
            .setTaskName("calls")
            .setInitialMax(total)
            .startsFrom(done, Duration.ZERO)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(200)
            .showSpeed()
            .setConsumer(consumer)
            .build(),
        consumer);
  }

  /**
   * Prints one result on {@code out} and counts it. With the bar on, the bar's line is blanked first:
   * on a terminal stdout and stderr share the screen, and the result would otherwise be appended to
   * the bar; the bar is redrawn below it at its next update.
   */
  void printResult(PrintWriter out, String line) {
    if (bar != null) {
      consumer.blank();
    }
    out.println(line);
    out.flush();
    if (bar != null) {
      bar.step();
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }

  /** Redraws the bar in place ({@code \r}) on picocli's stderr writer; ends its line when closed. */
  private static final class StderrConsumer implements ProgressBarConsumer {
    private static final int WIDTH = 100;
    private final PrintWriter err;

    StderrConsumer(PrintWriter err) {
      this.err = err;
    }

    @Override
    public int getMaxRenderedLength() {
      return WIDTH;
    }

    /** Overwrites the bar's line with blanks (no ANSI escapes: also right in a log file). */
    void blank() {
      synchronized (err) {
        err.print('\r');
        err.print(" ".repeat(WIDTH));
        err.print('\r');
        err.flush();
      }
    }

    @Override
    public void accept(String rendered) {
      synchronized (err) {
        err.print('\r');
        err.print(rendered);
        err.flush();
      }
    }

    @Override
    public void close() {
      synchronized (err) {
        err.println();
        err.flush();
      }
    }
  }
}
