package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Descriptor;
import java.util.Map;

/**
 * What an export produced.
 *
 * @param type the exporter that ran
 * @param descriptor the image's top descriptor (manifest or index); null for {@code local}/{@code tar}
 * @param metadata the keys buildx writes to {@code --metadata-file} (values are strings, numbers or
 *     nested maps, ready for Jackson); empty for {@code local}/{@code tar}, as buildx
 */
public record ExportResult(OutputSpec.Type type, Descriptor descriptor, Map<String, Object> metadata) {
  public ExportResult {
    metadata = Map.copyOf(metadata);
  }
}
