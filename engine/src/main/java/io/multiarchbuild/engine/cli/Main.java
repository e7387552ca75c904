package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.common.UserError;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /** How long a Ctrl-C waits for the running command to clean up (kill containers, release snapshots). */
  static final long CANCEL_GRACE_SECONDS = 30;

  /**
   * The process edge: runs the command line for this process (its directory, environment, streams and
   * console) and exits with its code. Ctrl-C (SIGINT/SIGTERM) interrupts the thread running the
   * command, which cancels it (the solver stops, runc containers are killed, snapshots released), and
   * the JVM waits up to {@link #CANCEL_GRACE_SECONDS} for that cleanup before it exits. This is the
   * only place a JVM shutdown hook is added: a build server runs many commands in one JVM and cancels
   * each by interrupting its thread.
   */
  public static void main(String[] args) {
    Thread runner = Thread.currentThread();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      if (!done.get()) {
        runner.interrupt();
        try {
          // not runner.join(): after a normal end the runner blocks in System.exit, which waits for hooks
          finished.await(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, "multiarch-build-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    int code;
    try {
      code = run(Invocation.ofProcess(), args);
    } finally {
      done.set(true);
      finished.countDown();
    }
    System.exit(code);
  }

  /**
   * Runs the command line for one caller (this process, or a build server's client) and returns the
   * exit code; never calls {@code System.exit} and reads no process state: the working directory,
   * environment, streams and terminal all come from {@code invocation}, so several runs may go on at
   * once in one JVM, each on its own thread.
   *
   * <p>Cancelling: interrupt the thread running this method. The command stops (a build's solver
   * cancels, its runc containers are killed and its snapshots released; a registry copy stops its
   * transfers; a read of {@code stdin} is abandoned), and this method returns only after that cleanup,
   * with a non-zero exit code.
   */
  public static int run(Invocation invocation, String[] args) {
    return run(invocation, args, new PrintWriter(invocation.stdout(), true), new PrintWriter(invocation.stderr(), true));
  }

  /**
   * Runs the CLI for this process but with {@code out}/{@code err} for the text the commands print
   * (tests capture them); binary output ({@code -o -}) and progress still go to the process's streams.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(Invocation.ofProcess(), args, out, err);
  }

  private static int run(Invocation invocation, String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(args, invocation);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof UserError) {
            commandLine.getErr().println("error: " + ex.getMessage());
            return EXIT_USER_ERROR;
          }
          if (canceled(ex)) {
            commandLine.getErr().println("error: canceled");
            return EXIT_USER_ERROR;
          }
          commandLine.getErr().println("internal error (please report it): " + ex);
          ex.printStackTrace(commandLine.getErr());
          return EXIT_INTERNAL_ERROR;
        });
    return cli.execute(args);
  }

  /**
   * Whether a command failed because its thread was interrupted (the caller cancelled it): code below
   * reports an interrupt in different ways (InterruptedException, an interrupted I/O, a wrapping
   * exception with the interrupt flag restored), and none of them is a bug to report.
   */
  static boolean canceled(Throwable ex) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }

  /** Creates the commands and hands each {@link CallerCommand} its caller. */
  private record Factory(Invocation invocation) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      K k = CommandLine.defaultFactory().create(cls);
      if (k instanceof CallerCommand c) {
        c.invocation = invocation;
      }
      return k;
    }
  }

  /** The command tree these arguments need (commands of the current process; tests use it). */
  static CommandLine commandLine(String[] args) {
    return commandLine(args, Invocation.ofProcess());
  }

  /** The command tree these arguments need: only the named subcommand, or all of them. */
  static CommandLine commandLine(String[] args, Invocation invocation) {
    CommandLine cli = new CommandLine(new Main(), new Factory(invocation));
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
