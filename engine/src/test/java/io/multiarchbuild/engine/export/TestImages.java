package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.oci.LayerWriter;
import io.multiarchbuild.engine.oci.MediaTypeStyle;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.CredentialStore;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Test images: the environment's busybox base, pulled with {@link ImagePuller}, plus one layer per
 * platform with {@code /hello.txt} saying {@code hello from <platform>} and {@code CMD ["cat",
 * "/hello.txt"]}.
 */
final class TestImages {

  static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  private TestImages() {}

  static String expectedText(Platform p) {
    return "hello from " + p + "\n";
  }

  static String uniqueTag() {
    return UUID.randomUUID().toString().substring(0, 12);
  }

  static RegistryClient anonymousClient() {
    return RegistryClient.create(CredentialStore.anonymous());
  }

  /** busybox + the hello layer, for each of {@code platforms}, blobs in {@code blobs}. */
  static ImageResult helloImage(RegistryClient client, Blobs blobs, Path scratch, Platform... platforms)
      throws IOException {
    TestEnvironment.requireBaseImage();
    List<PlatformImage> images = new ArrayList<>();
    ImagePuller puller = new ImagePuller(client, null);
    for (Platform p : platforms) {
      PlatformImage base = puller.pull(ImageReference.parse(TestEnvironment.BASE_IMAGE), p, blobs);
      images.add(withHelloLayer(base, blobs, scratch, p));
    }
    return ImageResult.of(images);
  }

  static PlatformImage withHelloLayer(PlatformImage base, Blobs blobs, Path scratch, Platform p) throws IOException {
    Files.createDirectories(scratch);
    Path file = Files.createTempFile(scratch, "layer", ".tar.gz");
    LayerWriter writer = new LayerWriter(LayerWriter.Options.defaults()
        .withCompression(Compression.GZIP, -1).withMediaTypes(MediaTypeStyle.OCI));
    Layer layer = writer.write(List.of(
        LayerEntry.file("hello.txt", 0644, EPOCH, expectedText(p).getBytes(StandardCharsets.UTF_8))), file);
    blobs.add(layer.blob().digest(), out -> Files.copy(file, out));
    Files.delete(file);
    ImageConfig.Config c = base.config().config();
    ImageConfig.Config withCmd = new ImageConfig.Config(c.user(), c.exposedPorts(), c.env(), null,
        List.of("cat", "/hello.txt"), c.volumes(), c.workingDir(), c.labels(), c.stopSignal(), c.argsEscaped(),
        c.healthcheck(), c.onBuild(), c.shell(), c.extra());
    ImageConfig config = base.config()
        .withLayer(layer.diffId(), new ImageConfig.History(EPOCH, "COPY hello.txt /", null, null, false))
        .withConfig(withCmd)
        .withCreated(EPOCH);
    List<Layer> layers = new ArrayList<>(base.layers());
    layers.add(layer);
    return new PlatformImage(p, config, layers);
  }
}
