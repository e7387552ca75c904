package io.multiarchbuild.engine.testenv;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Runs a command in an OCI bundle with runc, using runc's own default spec ({@code runc spec}) —
 * an independent check that a root file system works, not the engine's executor.
 */
public final class RuncBundles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RuncBundles() {}

  /**
   * Writes {@code bundle/config.json} with {@code runc spec}, sets the process to {@code args}
   * without a terminal, and runs it as a fresh container (rootfs = {@code bundle/rootfs}).
   * The container is deleted afterwards.
   */
  public static Cmd.Result run(Path bundle, List<String> args) {
    TestEnvironment.requireRunc();
    Cmd.runChecked(TestEnvironment.RUNC, "spec", "--bundle", bundle.toString());
    Path config = bundle.resolve("config.json");
    try {
      ObjectNode spec = (ObjectNode) JSON.readTree(config.toFile());
      ObjectNode process = (ObjectNode) spec.get("process");
      process.put("terminal", false);
      ArrayNode argv = process.putArray("args");
      args.forEach(argv::add);
      JSON.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), spec);
    } catch (IOException e) {
      throw new UncheckedIOException("editing " + config, e);
    }
    String id = "mab-test-" + UUID.randomUUID().toString().substring(0, 12);
    try {
      return Cmd.run(List.of(TestEnvironment.RUNC, "run", "--bundle", bundle.toString(), id), Duration.ofMinutes(2));
    } finally {
      Cmd.run(TestEnvironment.RUNC, "delete", "--force", id);
    }
  }
}
