package dev.tandem.client.cli;

import dev.tandem.client.store.ClientStore;
import dev.tandem.client.store.InMemoryClientStore;
import dev.tandem.client.store.MvClientStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The calculator's workload and durability options (calculator and https). */
final class CalculatorOptions {
  @Option(
      names = "--count",
      defaultValue = "1",
      description = "Rounds of the sample's four calls, all in one Sequence (round r adds r-1 to each first operand). Default: ${DEFAULT-VALUE}.")
  int count;

  @Option(
      names = "--store",
      paramLabel = "<dir>",
      description = "Durable client store (created if missing): each message is written there before it is first sent, so a run"
          + " that was killed resumes its Sequence when rerun with the same directory (same --url, --rm and --count);"
          + " emptied once the Sequence is terminated.")
  Path store;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Progress bar on stderr. Default: on from --count ${sys:tandem.progress.threshold:-25} when stderr is a"
          + " terminal and --verbose is off.")
  Boolean progress;

  ClientStore openStore() {
    return store == null ? new InMemoryClientStore() : MvClientStore.open(store);
  }
}
