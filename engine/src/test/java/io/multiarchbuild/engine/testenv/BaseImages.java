package io.multiarchbuild.engine.testenv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Gets the test base image ({@link TestEnvironment#BASE_IMAGE}) onto disk for tests. */
public final class BaseImages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BaseImages() {}

  /**
   * Pulls one platform of {@link TestEnvironment#BASE_IMAGE} from the registry with skopeo and
   * extracts its layers (as root, keeping numeric owners) into {@code rootfs}.
   *
   * @param arch OCI architecture: "amd64", "arm64"
   * @param scratch an empty directory for the downloaded OCI layout
   */
  public static void unpackRootfs(String arch, Path scratch, Path rootfs) {
    TestEnvironment.requireBaseImage();
    Path layout = scratch.resolve("layout-" + arch);
    List<String> copy = new ArrayList<>(List.of(TestEnvironment.SKOPEO, "copy", "--src-tls-verify=false",
        "--override-os", "linux", "--override-arch", arch));
    if (arch.equals("arm64")) {
      copy.addAll(List.of("--override-variant", "v8"));
    }
    copy.addAll(List.of("docker://" + TestEnvironment.BASE_IMAGE, "oci:" + layout + ":img"));
    Cmd.run(copy, Cmd.DEFAULT_TIMEOUT).assertSuccess();
    try {
      Files.createDirectories(rootfs);
      JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
      JsonNode manifest = JSON.readTree(blob(layout, index.path("manifests").path(0).path("digest").asText()).toFile());
      for (JsonNode layer : manifest.path("layers")) {
        Path blob = blob(layout, layer.path("digest").asText());
        Cmd.runChecked("tar", "-xzf", blob.toString(), "-C", rootfs.toString(), "--numeric-owner");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the OCI layout " + layout, e);
    }
  }

  /** The path of a blob in an OCI layout. */
  public static Path blob(Path layout, String digest) {
    if (!digest.startsWith("sha256:")) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }
}
