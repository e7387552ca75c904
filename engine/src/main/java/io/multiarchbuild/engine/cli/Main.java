package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.common.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code multiarch-build} command line. This is the edge where errors are rendered: a
 * {@link UserError} becomes one line on stderr and exit code 1; anything else is a bug and keeps its
 * stack trace.
 */
@Command(
    name = "multiarch-build",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Builds container images for several platforms from a Dockerfile, without a Docker daemon.",
    subcommands = {
      BuildCommand.class, DockerfileCommand.class, PlanCommand.class, ImageCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  /** Exit code for a user error (bad input, missing component). */
  static final int EXIT_USER_ERROR = 1;
  /** Exit code for an internal error (a bug). */
  static final int EXIT_INTERNAL_ERROR = 70;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
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
}
