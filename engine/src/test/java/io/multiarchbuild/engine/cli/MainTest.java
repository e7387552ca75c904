package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** The whole tree, as every run built it before subcommands were registered lazily. */
  private static CommandLine fullTree() {
    return Main.commandLine(new String[0]);
  }

  @Test
  void help_listsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: multiarch-build").contains("dockerfile");
  }

  @Test
  void help_listsEveryCommandInOrder() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).containsSubsequence(
        "Commands:", "\n  build ", "\n  dockerfile ", "\n  plan ", "\n  image ", "\n  du ", "\n  prune ", "\n  help ");
  }

  @Test
  void unknownOption_isAOneLineUsageError() {
    assertThat(run("--no-such-flag")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--no-such-flag'").doesNotContain("\tat ");
  }

  @Test
  void version_ofEveryCommand_printsTheVersion() {
    String[][] commands = {{}, {"build"}, {"dockerfile"}, {"dockerfile", "parse"}, {"plan"}, {"image"},
        {"image", "copy"}, {"image", "inspect"}, {"image", "join"}, {"du"}, {"prune"}};
    for (String[] command : commands) {
      out.getBuffer().setLength(0);
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--version";
      assertThat(run(args)).as(String.join(" ", args)).isZero();
      assertThat(out.toString()).as(String.join(" ", args)).startsWith("multiarch-build ");
    }
  }

  @Test
  void subcommandNames_matchEachCommandsOwnAnnotation() {
    for (String name : Main.SUBCOMMANDS) {
      CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.forAnnotatedObject(Main.subcommand(name));
      assertThat(spec.name()).as(name).isEqualTo(name);
      assertThat(spec.aliases()).as(name).isEmpty();
    }
  }

  @Test
  void commandLine_namedSubcommand_registersOnlyThatOne() {
    assertThat(Main.commandLine(new String[] {"build", "--push", "."}).getSubcommands()).containsOnlyKeys("build");
    assertThat(Main.commandLine(new String[] {"image", "copy", "a", "b"}).getSubcommands().get("image").getSubcommands())
        .containsOnlyKeys("copy", "inspect", "join");
  }

  @Test
  void commandLine_helpOrOptionOrUnknownWord_registersAll() {
    for (String[] args : new String[][] {{}, {"help"}, {"help", "build"}, {"--help"}, {"-h"}, {"-V", "build"}, {"buidl"}, {"--", "build"}}) {
      assertThat(Main.commandLine(args).getSubcommands().keySet()).as(String.join(" ", args))
          .containsExactlyElementsOf(Main.SUBCOMMANDS);
    }
  }

  @Test
  void subcommandHelp_isTheSameAsWithTheWholeTree() {
    for (String[] command : new String[][] {{"build"}, {"plan"}, {"du"}, {"prune"}, {"image"}, {"image", "copy"},
        {"dockerfile", "parse"}}) {
      StringWriter o = new StringWriter();
      String[] args = new String[command.length + 1];
      System.arraycopy(command, 0, args, 0, command.length);
      args[command.length] = "--help";
      assertThat(Main.run(args, new PrintWriter(o, true), new PrintWriter(err, true))).isZero();
      CommandLine expected = fullTree();
      for (String name : command) {
        expected = expected.getSubcommands().get(name);
      }
      assertThat(o.toString()).as(String.join(" ", command)).isEqualTo(expected.getUsageMessage());
    }
  }

  @Test
  void helpCommand_showsTheSameUsageAsTheCommandsOwnHelp() {
    assertThat(run("help", "build")).isZero();
    String viaHelp = out.toString();
    out.getBuffer().setLength(0);
    assertThat(run("build", "--help")).isZero();
    assertThat(out.toString()).isEqualTo(viaHelp).startsWith("Usage: multiarch-build build ");
  }

  @Test
  void unknownSubcommand_suggestsTheNearestCommand() {
    assertThat(run("buidl")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo(
        "Unmatched argument at index 0: 'buidl'" + System.lineSeparator()
            + "Did you mean: multiarch-build build?" + System.lineSeparator());
  }

  @Test
  void unknownNestedSubcommand_suggestsWithinItsParent() {
    assertThat(run("image", "copx")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument at index 1: 'copx'").contains("Did you mean: image copy?");
  }

  @Test
  void noArguments_isAUsageErrorListingTheCommands() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).startsWith("Missing required subcommand").contains("Commands:").contains("prune");
  }

  @Test
  void version_alone_andBeforeACommand_printsTheVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("multiarch-build ");
    String alone = out.toString();
    out.getBuffer().setLength(0);
    assertThat(run("-V", "build")).isZero();
    assertThat(out.toString()).isEqualTo(alone);
  }

  @Test
  void nestedSubcommand_runsAndReportsUserErrors() {
    assertThat(run("image", "copy", "oci:/nonexistent-main-test", "oci:/tmp/x")).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: ").doesNotContain("\tat ");
  }
}
