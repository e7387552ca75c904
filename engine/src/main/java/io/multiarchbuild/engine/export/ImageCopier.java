package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.ImageIndex;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.oci.PlatformMatcher;
import io.multiarchbuild.engine.registry.RawManifest;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.TransferListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Copies images between registries and OCI layouts ({@link ImageLocation}), like {@code skopeo copy}:
 * all platforms of an index by default ({@code --all}), or the one manifest matching a platform.
 * Manifests are copied byte for byte (digests are kept). Order: blobs, then manifests by digest,
 * then the index, then the tag — a tag never points at something incomplete. Registry to registry,
 * blobs stream through a temp file, or are mounted when both are on the same registry.
 */
public final class ImageCopier {

  /** What a copy did. */
  public record CopyResult(Descriptor top, int manifests, int blobs, int blobsTransferred) {}

  private final RegistryClient client;
  private final TransferListener listener;
  private final int parallelism;

  public ImageCopier(RegistryClient client, TransferListener listener) {
    this(client, listener, ParallelBlobs.DEFAULT_PARALLELISM);
  }

  /** @param parallelism how many blobs are fetched into layouts at once (uploads use the client's setting) */
  public ImageCopier(RegistryClient client, TransferListener listener, int parallelism) {
    this.client = Objects.requireNonNull(client, "client");
    this.listener = listener == null ? TransferListener.NONE : listener;
    this.parallelism = parallelism;
  }

  /**
   * Copies {@code source} to {@code destination}.
   *
   * @param platform null for every platform; else only the best matching manifest is copied, and
   *     the destination's tag points at it directly
   */
  public CopyResult copy(ImageLocation source, ImageLocation destination, Platform platform) {
    Path temp = null;
    try {
      temp = Files.createTempDirectory("multiarch-copy");
      try (CopySource src = openSource(source, temp.resolve("src"));
          CopyDestination dst = openDestination(destination, temp.resolve("dst"))) {
        return copy(src, dst, source, platform);
      }
    } catch (IOException e) {
      throw new ExportError("copy " + source + " to " + destination + " failed: " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          FileTrees.delete(temp);
        } catch (IOException ignored) {
          // best effort; the copy's own outcome matters more
        }
      }
    }
  }

  private CopyResult copy(CopySource src, CopyDestination dst, ImageLocation where, Platform platform) {
    RawManifest top = src.top();
    List<RawManifest> manifests = new ArrayList<>();
    if (MediaTypes.isIndex(top.mediaType())) {
      ImageIndex index = ImageJson.readIndex(top.bytes());
      if (platform != null) {
        top = src.manifest(PlatformMatcher.only(platform).select(index, where.toString()));
        manifests.add(top);
      } else {
        for (Descriptor d : index.manifests()) {
          RawManifest m = src.manifest(d);
          if (MediaTypes.isIndex(m.mediaType())) {
            throw new ExportError(where + ": nested indexes are not supported (entry " + d.digest() + ")");
          }
          manifests.add(m);
        }
      }
    } else {
      manifests.add(top);
    }
    List<Descriptor> blobs = new ArrayList<>();
    for (RawManifest m : manifests) {
      blobs.addAll(RegistryClient.references(m));
    }
    int transferred = dst.putBlobs(blobs, src);
    for (RawManifest m : manifests) {
      dst.putManifest(m);
    }
    if (MediaTypes.isIndex(top.mediaType())) {
      dst.putManifest(top);
    }
    dst.tag(top);
    return new CopyResult(top.descriptor(), manifests.size(), (int) blobs.stream().map(Descriptor::digest).distinct().count(),
        transferred);
  }

  CopySource openSource(ImageLocation l, Path scratch) throws IOException {
    Files.createDirectories(scratch);
    return switch (l.kind()) {
      case REGISTRY -> new RegistryLocation(client, l.reference(), listener, scratch);
      case LAYOUT -> LayoutLocation.directory(l.path(), l.tag(), parallelism);
      case ARCHIVE -> LayoutLocation.readArchive(l.path(), l.tag(), scratch.resolve("layout"), parallelism);
    };
  }

  private CopyDestination openDestination(ImageLocation l, Path scratch) throws IOException {
    Files.createDirectories(scratch);
    return switch (l.kind()) {
      case REGISTRY -> new RegistryLocation(client, l.reference(), listener, scratch);
      case LAYOUT -> LayoutLocation.directory(l.path(), l.tag(), parallelism);
      case ARCHIVE -> LayoutLocation.writeArchive(l.path(), l.tag(), scratch.resolve("layout"), parallelism);
    };
  }
}
