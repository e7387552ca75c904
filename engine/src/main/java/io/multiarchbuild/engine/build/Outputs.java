package io.multiarchbuild.engine.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multiarchbuild.engine.export.ExportContext;
import io.multiarchbuild.engine.export.ExportResult;
import io.multiarchbuild.engine.export.Exporters;
import io.multiarchbuild.engine.export.ImageResult;
import io.multiarchbuild.engine.export.LayerCompression;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.export.PlatformImage;
import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.LayerWriter;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressRecorder;
import io.multiarchbuild.engine.progress.ProgressWriter;
import io.multiarchbuild.engine.progress.VertexHandle;
import io.multiarchbuild.engine.registry.RegistryClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs every --output exporter on the built images and writes --metadata-file and --iidfile. */
final class Outputs {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Outputs() {}

  /**
   * @param existing diff_ids of the base images' layers: they keep their compression unless an output
   *     says {@code force-compression=true} (see {@link LayerCompression})
   * @param finish last touches of the images after their layers have the output's compression (inline cache)
   */
  static BuildResult export(BuildRequest request, Map<Platform, PlatformImage> images, StoreBlobs blobs,
      Set<Digest> existing, Finish finish, RegistryClient registry, ProgressWriter progress,
      ProgressRecorder recorder) throws IOException {
    Path tmp = Files.createDirectories(request.cacheDir().resolve("tmp"));
    LayerCompression compression = new LayerCompression(blobs, tmp);
    // The digests the result reports are those of the first image output's compression.
    OutputSpec first = request.outputs().stream().filter(o -> LayerCompression.target(o) != null).findFirst()
        .orElse(new OutputSpec(OutputSpec.Type.IMAGE, Map.of(), List.of()));
    ImageResult built = ImageResult.of(new ArrayList<>(images.values()));
    ImageResult result = finished(compression.apply(built, first, existing), finish);
    // The Docker Engine client is made only when an output loads into it (--load), so builds that
    // never touch docker do not need its socket.
    boolean loads = request.outputs().stream().anyMatch(o -> o.type() == OutputSpec.Type.DOCKER && o.dest() == null);
    ExportContext ctx = new ExportContext(registry, null, request.stdout(), tmp,
        loads ? io.multiarchbuild.engine.export.DockerEngineClient.fromEnvironment(request.env()) : null);
    // The digests without exporting anything: a non-pushing image output only assembles the JSON.
    OutputSpec none = new OutputSpec(OutputSpec.Type.IMAGE, Map.of(), List.of());
    Map<Platform, Digest> manifests = new LinkedHashMap<>();
    for (PlatformImage i : result.images()) {
      manifests.put(i.platform(), Exporters.export(ImageResult.of(i), blobs, none, ctx).descriptor().digest());
    }
    ExportResult top = Exporters.export(result, blobs, none, ctx);
    Map<String, Object> metadata = new LinkedHashMap<>(top.metadata());
    metadata.remove("image.name");
    for (OutputSpec raw : request.outputs()) {
      OutputSpec spec = withNames(raw, request.tags());
      VertexHandle v = progress.vertex(Digest.sha256("export:" + spec + System.nanoTime()).toString(), name(spec), List.of());
      v.started();
      try {
        ExportResult r = Exporters.export(finished(compression.apply(built, spec, existing), finish), blobs, spec, ctx);
        metadata.putAll(r.metadata());
        v.completed();
      } catch (RuntimeException e) {
        v.failed(Build.message(e));
        throw e;
      }
    }
    if (request.metadataFile() != null) {
      Files.write(request.metadataFile(), JSON.writeValueAsBytes(metadata));
    }
    if (request.iidFile() != null) {
      Object id = metadata.getOrDefault("containerimage.config.digest", metadata.get("containerimage.digest"));
      Files.writeString(request.iidFile(), String.valueOf(id), StandardCharsets.UTF_8);
    }
    return new BuildResult(manifests, top.descriptor().digest(), metadata, recorder.vertices());
  }

  /** Changes the images an output gets once their layers are final (the inline cache points at their blobs). */
  @FunctionalInterface
  interface Finish {
    Map<Platform, PlatformImage> apply(Map<Platform, PlatformImage> images) throws IOException;
  }

  private static ImageResult finished(ImageResult result, Finish finish) throws IOException {
    Map<Platform, PlatformImage> byPlatform = new LinkedHashMap<>();
    result.images().forEach(i -> byPlatform.put(i.platform(), i));
    return new ImageResult(new ArrayList<>(finish.apply(byPlatform).values()), result.multiPlatform());
  }

  /**
   * How the build writes new layers: in the compression (and level) every image output asks for, so
   * the export need not convert them; gzip when the outputs differ (each then converts at export).
   */
  static LayerWriter.Options layerOptions(List<OutputSpec> outputs) {
    LayerWriter.Options defaults = LayerWriter.Options.defaults();
    List<OutputSpec> images = outputs.stream().filter(o -> LayerCompression.target(o) != null).toList();
    if (images.isEmpty()) {
      return defaults;
    }
    Compression c = LayerCompression.target(images.get(0));
    int level = images.get(0).compressionLevel();
    for (OutputSpec o : images) {
      if (LayerCompression.target(o) != c || o.compressionLevel() != level) {
        return defaults;
      }
    }
    return defaults.withCompression(c, level);
  }

  /** -t names go to image-producing outputs that name nothing themselves, as buildx does. */
  private static OutputSpec withNames(OutputSpec spec, List<String> tags) {
    boolean named = switch (spec.type()) {
      case IMAGE, REGISTRY, OCI, DOCKER -> true;
      default -> false;
    };
    if (!named || !spec.names().isEmpty() || tags.isEmpty()) {
      return spec;
    }
    return new OutputSpec(spec.type(), spec.attributes(), tags);
  }

  private static String name(OutputSpec spec) {
    return switch (spec.type()) {
      case IMAGE, REGISTRY -> "exporting to image";
      case OCI -> "exporting to oci image format";
      case DOCKER -> "exporting to docker image format";
      case LOCAL -> "exporting to client directory";
      case TAR -> "exporting to client tarball";
    };
  }
}
