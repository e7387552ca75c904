package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/**
 * One build stage: its FROM and the instructions after it, up to the next FROM.
 *
 * @param index 0-based position in the file (what {@code COPY --from=0} refers to)
 * @param name the lower-cased {@code AS} name, or null
 * @param from the FROM instruction
 * @param commands the instructions of the stage, in order
 */
public record Stage(int index, String name, FromInstruction from, List<Instruction> commands) {
  public Stage {
    commands = List.copyOf(commands);
  }

  /** The name BuildKit shows for the stage: its AS name, else {@code stage-<index>}. */
  public String displayName() {
    return name != null ? name : "stage-" + index;
  }
}
