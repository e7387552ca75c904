package io.multiarchbuild.engine.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a tab-separated test table from the classpath; lines starting with # are comments. */
final class TsvTable {
  private TsvTable() {}

  static List<List<String>> read(String resource) {
    try (InputStream in = TsvTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      List<List<String>> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("#") || line.isBlank() && !line.contains("\t")) {
          continue;
        }
        rows.add(List.of(line.split("\t", -1)));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
