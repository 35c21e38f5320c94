package dev.tandem.client.cli;

import dev.tandem.client.rm.ServiceFaultException;
import dev.tandem.client.rm.TransportException;
import dev.tandem.client.store.ClientStoreException;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar tandem-client.jar <sample> …}: a WS-RM peer of its own (JDK HttpClient + DOM) for
 * the four WCF samples Tandem serves. Exit codes: 0 ok, 1 service fault, 2 usage error, 3
 * transport failure or timeout.
 */
@Command(
    name = "tandem-client",
    mixinStandardHelpOptions = true,
    version = "tandem-client 0.1.0",
    description = "Client for Tandem's WCF samples (WS-RM, duplex, WS-MakeConnection).",
    subcommands = {CalculatorCommand.class, HttpsCommand.class, ProcessDataCommand.class, DuplexCommand.class, SoakCommand.class},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:ok", "1:service fault", "2:usage error (also: the --store directory is in use or holds another run's Sequence)", "3:transport failure or timeout"})
public final class TandemClient implements Runnable {
  public static final int FAULT = 1;
  public static final int USAGE = 2;
  public static final int TRANSPORT = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /** The command line with the exit-code mapping; tests call {@code execute} on it. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new TandemClient());
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          cmd.getErr().println("tandem-client: " + ex.getMessage());
          cmd.getErr().flush();
          if (ex instanceof ServiceFaultException) {
            return FAULT;
          }
          if (ex instanceof TransportException || ex instanceof IOException) {
            return TRANSPORT;
          }
          if (ex instanceof ClientStoreException) {
            return USAGE;
          }
          throw ex;
        });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
