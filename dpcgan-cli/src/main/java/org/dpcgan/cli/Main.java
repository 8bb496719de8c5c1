package org.dpcgan.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dpcgan} command: a thin shell over the public API (DESIGN.md §5).
 *
 * <p>Every sub-command has {@code --help}; errors go to stderr with a non-zero exit status; {@code --json}
 * prints exactly one JSON object on stdout.
 */
@Command(
    name = "dpcgan",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Differentially private synthetic tables: fit, sample, evaluate, account.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      FitCommand.class,
      SampleCommand.class,
      InspectCommand.class,
      EvaluateCommand.class,
      PrivacyCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command; see 'dpcgan --help'.");
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit status (0 on success). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new Errors());
    // Tribuo (utility and detection models) logs every model fit at INFO through java.util.logging; a
    // command-line user needs only its warnings. The local reference keeps the logger, and so its level,
    // alive while the command runs.
    java.util.logging.Logger tribuoLog = java.util.logging.Logger.getLogger("org.tribuo");
    tribuoLog.setLevel(java.util.logging.Level.WARNING);
    try {
      return cli.execute(args);
    } finally {
      tribuoLog.setLevel(null);
    }
  }

  /** Reports expected failures (bad input, wrong lifecycle, I/O) as one clear line on stderr. */
  static final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
      if (e instanceof IllegalArgumentException
          || e instanceof IllegalStateException
          || e instanceof java.io.IOException
          || e instanceof java.io.UncheckedIOException) {
        cli.getErr().println("dpcgan " + cli.getCommandName() + ": " + e.getMessage());
        return 2;
      }
      cli.getErr().println("dpcgan " + cli.getCommandName() + ": internal error: " + e);
      e.printStackTrace(cli.getErr());
      return 70;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"dpcgan " + (v == null ? "(development build)" : v)};
    }
  }
}
