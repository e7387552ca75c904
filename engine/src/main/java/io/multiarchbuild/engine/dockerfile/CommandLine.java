package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/**
 * The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD.
 *
 * @param args exec form: the argv; shell form: one element, the command text
 * @param shellForm true when the text must be run through the stage's SHELL
 */
public record CommandLine(List<String> args, boolean shellForm) {
  public CommandLine {
    args = List.copyOf(args);
  }
}
