package dev.tandem.bench.scale;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The scale scenarios of issue 18 against a running Tandem (started by scripts/bench-scale.sh):
 * {@code flatness}, {@code open} (idle Sequences), {@code serve} (after a restart) and {@code
 * histo-diff} (heap per open Sequence from two {@code jcmd GC.class_histogram} files).
 */
@Command(
    name = "bench-scale",
    mixinStandardHelpOptions = true,
    subcommands = {
      FlatnessCommand.class,
      OpenCommand.class,
      ServeCommand.class,
      HistogramDiffCommand.class
    })
public final class ScaleBench {
  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleBench()).execute(args));
  }
}
