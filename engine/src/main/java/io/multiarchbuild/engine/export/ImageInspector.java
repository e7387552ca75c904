package io.multiarchbuild.engine.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.ImageManifest;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.oci.PlatformMatcher;
import io.multiarchbuild.engine.registry.RawManifest;
import io.multiarchbuild.engine.registry.RegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code image inspect}: the raw manifest/index, or a summary like {@code skopeo inspect}'s. */
public final class ImageInspector {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RegistryClient client;

  public ImageInspector(RegistryClient client) {
    this.client = client;
  }

  /** The manifest or index bytes exactly as stored. */
  public byte[] raw(ImageLocation location) {
    return withSource(location, src -> src.top().bytes());
  }

  /**
   * A JSON summary of the image for {@code platform} (the best match when the location is an index):
   * Name, Digest (of what the location names), Created, Architecture, Os, Variant, Layers, Env, Labels.
   */
  public String summary(ImageLocation location, Platform platform) {
    return withSource(location, src -> {
      RawManifest top = src.top();
      RawManifest m = top;
      if (MediaTypes.isIndex(top.mediaType())) {
        m = src.manifest(PlatformMatcher.only(platform).select(ImageJson.readIndex(top.bytes()), location.toString()));
      }
      ImageManifest manifest = ImageJson.readManifest(m.bytes());
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try {
        src.copyBlob(manifest.config(), buf);
      } catch (IOException e) {
        throw new ExportError(location + ": cannot read config: " + e.getMessage(), e);
      }
      ImageConfig c = ImageJson.readConfig(buf.toByteArray());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("Name", location.toString());
      out.put("Digest", top.digest().toString());
      out.put("MediaType", top.mediaType());
      if (c.created() != null) {
        out.put("Created", DateTimeFormatter.ISO_INSTANT.format(c.created()));
      }
      out.put("Architecture", c.architecture());
      out.put("Os", c.os());
      if (!c.variant().isEmpty()) {
        out.put("Variant", c.variant());
      }
      List<String> layers = new ArrayList<>();
      for (Descriptor l : manifest.layers()) {
        layers.add(l.digest().toString());
      }
      out.put("Layers", layers);
      out.put("Env", c.config().env());
      out.put("Labels", c.config().labels());
      try {
        return JSON.writeValueAsString(out);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private interface Action<T> {
    T apply(CopySource src);
  }

  private <T> T withSource(ImageLocation location, Action<T> action) {
    Path temp = null;
    try {
      temp = Files.createTempDirectory("multiarch-inspect");
      try (CopySource src = new ImageCopier(client, null).openSource(location, temp)) {
        return action.apply(src);
      }
    } catch (IOException e) {
      throw new ExportError("inspect " + location + " failed: " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          FileTrees.delete(temp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }
}
