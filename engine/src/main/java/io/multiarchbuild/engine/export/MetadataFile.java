package io.multiarchbuild.engine.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Writes buildx's {@code --metadata-file}: the exporters' keys as one indented JSON object. */
public final class MetadataFile {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MetadataFile() {}

  /** Writes the merged metadata of several outputs (later outputs win on equal keys, as buildx). */
  public static void write(Path file, Iterable<ExportResult> results) {
    Map<String, Object> merged = new TreeMap<>();
    for (ExportResult r : results) {
      merged.putAll(r.metadata());
    }
    try {
      Path abs = file.toAbsolutePath();
      Files.createDirectories(abs.getParent());
      Files.write(abs, JSON.writeValueAsBytes(merged));
    } catch (IOException e) {
      throw new ExportError("--metadata-file " + file + ": cannot write: " + e.getMessage(), e);
    }
  }
}
