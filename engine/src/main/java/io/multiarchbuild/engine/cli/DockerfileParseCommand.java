package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.dockerfile.DockerfileParser;
import io.multiarchbuild.engine.dockerfile.ParseWarning;
import io.multiarchbuild.engine.dockerfile.SyntaxTree;
import io.multiarchbuild.engine.dockerfile.SyntaxTreeJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code multiarch-build dockerfile parse}: prints the instructions as the parser reads them. */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Parse a Dockerfile and print its instructions (keyword, flags, arguments, here-documents).",
      "The JSON output is a stable interface, described in docs/dockerfile-parse-json.md."
    })
final class DockerfileParseCommand extends CallerCommand {

  /** Output formats. */
  enum Format {
    json,
    text
  }

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "The Dockerfile to read; '-' reads standard input (default: ${DEFAULT-VALUE}).",
      defaultValue = "Dockerfile")
  String file;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "json")
  Format format;

  @Override
  public Integer call() throws InterruptedException {
    String name = file.equals("-") ? "Dockerfile" : file;
    SyntaxTree tree = DockerfileParser.parse(name, read());
    String output = format == Format.json ? SyntaxTreeJson.toJson(tree) + "\n" : SyntaxTreeJson.toText(tree);
    spec.commandLine().getOut().print(output);
    spec.commandLine().getOut().flush();
    // warnings go to stderr so the JSON on stdout stays machine-readable
    for (ParseWarning w : tree.warnings()) {
      spec.commandLine().getErr().println("warning: " + name + ":" + w.line() + ": " + w.message() + " [" + w.rule() + "]");
    }
    return 0;
  }

  private byte[] read() throws InterruptedException {
    try {
      if (file.equals("-")) {
        return readInput(InputStream::readAllBytes);
      }
      return Files.readAllBytes(invocation.workingDir().resolve(file));
    } catch (NoSuchFileException e) {
      throw new FileProblem(file + ": no such file; pass the Dockerfile with -f FILE");
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw new FileProblem(file + ": cannot read it (" + e.getMessage() + ")");
    }
  }

  /** The Dockerfile cannot be read. */
  static final class FileProblem extends UserError {
    private static final long serialVersionUID = 1L;

    FileProblem(String message) {
      super(message);
    }
  }
}
