package org.dpcgan.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dpcgan.core.data.InputFileException;
import org.dpcgan.core.synth.ComputeEnvironment;
import org.dpcgan.eval.rules.RuleException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code dpcgan} command: a thin shell over the public API (DESIGN.md §5).
 *
 * <p>Every sub-command has {@code --help}; errors go to stderr with a non-zero exit status (2 for bad input or
 * usage, 70 for an internal error); {@code --json} prints exactly one JSON object on stdout, on failure too
 * ({@code {"error": {"message", "file", "line", "column"}}}, the place where it applies: a table's line and
 * column name, a rules file's line and character column).
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
      AuditCommand.class,
      SweepCommand.class,
    })
public final class Main implements Runnable {
  /** Exit status of bad input, bad usage and failed I/O. */
  static final int BAD_INPUT = 2;
  /** Exit status of an internal error (EX_SOFTWARE). */
  static final int INTERNAL_ERROR = 70;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Also log the details: dpcgan's DEBUG lines and the INFO lines of Tribuo (the evaluation's"
          + " classifiers).")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command; see 'dpcgan --help'.");
  }

  public static void main(String[] args) {
    if (Arrays.asList(args).contains("--verbose")) {
      // slf4j-simple reads its levels once, when the first logger is made: before any command runs.
      System.setProperty("org.slf4j.simpleLogger.log.org.dpcgan", "debug");
    }
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit status (0 on success). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    boolean json = Arrays.asList(args).contains("--json");
    cli.setExecutionExceptionHandler(new Errors(json));
    cli.setParameterExceptionHandler(new UsageErrors(json));
    // Tribuo (utility and detection models) logs every model fit at INFO through java.util.logging; a
    // command-line user needs only its warnings unless --verbose. The local reference keeps the logger, and so
    // its level, alive while the command runs.
    java.util.logging.Logger tribuoLog = java.util.logging.Logger.getLogger("org.tribuo");
    tribuoLog.setLevel(Arrays.asList(args).contains("--verbose") ? java.util.logging.Level.INFO
        : java.util.logging.Level.WARNING);
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      String message = "ran out of memory (the Java heap holds at most " + (Runtime.getRuntime().maxMemory() >> 20)
          + " MB): give it more with DPCGAN_JAVA_OPTS=-Xmx8g (or java -Xmx8g), or use smaller inputs";
      Errors.report(out, err, json, "dpcgan", message, null);
      return INTERNAL_ERROR;
    } finally {
      tribuoLog.setLevel(null);
    }
  }

  /** Reports expected failures (bad input, wrong lifecycle, I/O) as one clear line on stderr. */
  static final class Errors implements CommandLine.IExecutionExceptionHandler {
    private final boolean json;

    Errors(boolean json) {
      this.json = json;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
      if (e instanceof IllegalArgumentException
          || e instanceof IllegalStateException
          || e instanceof java.io.IOException
          || e instanceof java.io.UncheckedIOException) {
        report(cli.getOut(), cli.getErr(), json, cli.getCommandSpec().qualifiedName(), e.getMessage(), e);
        return BAD_INPUT;
      }
      report(cli.getOut(), cli.getErr(), json, cli.getCommandSpec().qualifiedName(), "internal error: " + e, e);
      e.printStackTrace(cli.getErr());
      return INTERNAL_ERROR;
    }

    /** One line on stderr and, with {@code --json}, the error object on stdout. */
    static void report(PrintWriter out, PrintWriter err, boolean json, String command, String message, Throwable e) {
      err.println(command + ": " + message);
      err.flush();
      if (json) {
        JsonOutput.print(out, Map.of("error", fields(message, e)));
      }
    }

    /** The error's message and, when an input file is at fault, where: file, line and column. */
    static Map<String, Object> fields(String message, Throwable e) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("message", message);
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InputFileException located) {
          m.put("file", located.file());
          located.line().ifPresent(line -> m.put("line", line));
          located.column().ifPresent(column -> m.put("column", column));
          break;
        }
        if (t instanceof RuleException rule) {   // a rules file: the line and the character column on it
          if (rule.file() != null) {
            m.put("file", rule.file());
          }
          if (rule.line() > 0) {
            m.put("line", rule.line());
          }
          if (rule.column() > 0) {
            m.put("column", rule.column());
          }
          break;
        }
      }
      return m;
    }
  }

  /** Usage errors (unknown option, missing value): picocli's message and usage, and the JSON error with --json. */
  static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    private final boolean json;

    UsageErrors(boolean json) {
      this.json = json;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
      CommandLine cli = e.getCommandLine();
      Errors.report(cli.getOut(), cli.getErr(), json, cli.getCommandSpec().qualifiedName(), e.getMessage(), e);
      CommandLine.UnmatchedArgumentException.printSuggestions(e, cli.getErr());
      cli.getErr().println("See '" + cli.getCommandSpec().qualifiedName() + " --help' for the options.");
      cli.getErr().flush();
      return BAD_INPUT;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      ComputeEnvironment env = ComputeEnvironment.current();
      List<String> lines = new ArrayList<>(List.of("dpcgan " + (v == null ? "(development build)" : v),
          "  backend   ND4J " + env.backend() + ", " + env.blas() + (env.openblasCoreType().equals("n/a") ? ""
              : " (kernels: " + env.openblasCoreType() + ")"),
          "  threads   " + env.ompThreads() + " OpenMP, " + env.trainingThreads() + " for training, "
              + env.processors() + " processors",
          "  cpu       " + env.cpu() + ", " + env.os(),
          "  java      " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
      env.warnings().forEach(w -> lines.add("  warning   " + w));
      return lines.toArray(new String[0]);
    }
  }
}
