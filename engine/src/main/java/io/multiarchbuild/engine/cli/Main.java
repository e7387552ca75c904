package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.common.UserError;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code multiarch-build} command line. This is the edge where errors are rendered: a
 * {@link UserError} becomes one line on stderr and exit code 1; anything else is a bug and keeps its
 * stack trace.
 *
 * <p>The subcommands are registered here rather than in {@code @Command(subcommands=...)}: picocli
 * builds the model of every registered command eagerly (annotation reflection over every option of
 * every command), which cost ~0.3 s on each run although a run uses one command. So when the first
 * argument names a subcommand only that one is registered (with its own nested subcommands); anything
 * else (no argument, an option, {@code help}, an unknown or misspelt word) registers all of them, so
 * the usage text, {@code help} and the "Did you mean" suggestions are the same as with all registered.
 * A lone {@code --version} needs none.
 */
@Command(
    name = "multiarch-build",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Builds container images for several platforms from a Dockerfile, without a Docker daemon.")
public final class Main {

  /** Exit code for a user error (bad input, missing component). */
  static final int EXIT_USER_ERROR = 1;
  /** Exit code for an internal error (a bug). */
  static final int EXIT_INTERNAL_ERROR = 70;

  /** The subcommand names, in the order the usage text lists them; {@link #subcommand} maps each to its class. */
  static final List<String> SUBCOMMANDS = List.of("build", "dockerfile", "plan", "image", "du", "prune", "help");

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the CLI for one caller (this process, or a build server's client); returns the exit code.
   * Never calls {@code System.exit}.
   */
  public static int run(Invocation invocation, String[] args) {
    // Filled in by the invocation refactor: commands still read process state.
    return run(args, new PrintWriter(invocation.stdout(), true), new PrintWriter(invocation.stderr(), true));
  }

  /** Runs the CLI with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof UserError) {
            commandLine.getErr().println("error: " + ex.getMessage());
            return EXIT_USER_ERROR;
          }
          commandLine.getErr().println("internal error (please report it): " + ex);
          ex.printStackTrace(commandLine.getErr());
          return EXIT_INTERNAL_ERROR;
        });
    return cli.execute(args);
  }

  /** The command tree these arguments need: only the named subcommand, or all of them. */
  static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return cli; // prints the version only, which no subcommand changes
    }
    // `help` lists its siblings, so it is never registered alone.
    if (args.length > 0 && !args[0].equals("help") && SUBCOMMANDS.contains(args[0])) {
      cli.addSubcommand(args[0], subcommand(args[0]));
    } else {
      for (String name : SUBCOMMANDS) {
        cli.addSubcommand(name, subcommand(name));
      }
    }
    return cli;
  }

  /**
   * The class of one subcommand. A switch rather than a map of class literals, so only the used command's
   * class is loaded; MainTest checks each name against the class's own {@code @Command(name)}.
   */
  static Class<?> subcommand(String name) {
    return switch (name) {
      case "build" -> BuildCommand.class;
      case "dockerfile" -> DockerfileCommand.class;
      case "plan" -> PlanCommand.class;
      case "image" -> ImageCommand.class;
      case "du" -> DiskUsageCommand.class;
      case "prune" -> PruneCommand.class;
      case "help" -> CommandLine.HelpCommand.class;
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }
}
