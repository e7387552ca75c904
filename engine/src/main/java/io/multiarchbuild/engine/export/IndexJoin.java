package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageIndex;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.InvalidReferenceException;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RawManifest;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.TransferListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Joins single-platform images that were built and pushed separately (on different machines, maybe
 * into different repositories of one registry) into one multi-platform image, like {@code docker
 * buildx imagetools create}. Each source is read, its platform taken from its config (or, for an
 * index, from its entries); an OCI image index is made of them — a Docker manifest list when every
 * source uses Docker media types, so Docker-only consumers keep working — and pushed under every
 * destination tag.
 *
 * <p>Source manifests are referenced byte for byte, so each platform keeps the digest it was pushed
 * with. Before the index is pushed, every destination repository is given everything the index
 * reaches: blobs are mounted from the source repository when it is on the same registry (no bytes
 * move), else copied; manifests are put by digest; the tags come last, so no tag ever names
 * something incomplete.
 */
public final class IndexJoin {

  /**
   * What a join pushed.
   *
   * @param index the pushed index (media type, digest, size)
   * @param platforms each platform's manifest digest, in index order
   * @param tags the destination references the index was pushed under
   * @param blobsCopied how many blobs had to be uploaded (the rest were already there or mounted)
   */
  public record Result(Descriptor index, Map<Platform, Digest> platforms, List<String> tags, int blobsCopied) {
    public Result {
      Objects.requireNonNull(index, "index");
      platforms = Collections.unmodifiableMap(new LinkedHashMap<>(platforms));
      tags = List.copyOf(tags);
    }

    public Digest digest() {
      return index.digest();
    }
  }

  /** One platform manifest found in a source, with the repository it lives in. */
  private record Entry(Platform platform, RawManifest manifest, ImageReference repository, String source) {}

  private final RegistryClient client;
  private final TransferListener listener;

  public IndexJoin(RegistryClient client, TransferListener listener) {
    this.client = Objects.requireNonNull(client, "client");
    this.listener = listener == null ? TransferListener.NONE : listener;
  }

  /** Parses the references and {@linkplain #join(List, List) joins} them. */
  public Result joinReferences(List<String> sources, List<String> tags) {
    List<ImageReference> src = new ArrayList<>();
    for (String s : sources) {
      src.add(parse(s, "source"));
    }
    List<ImageReference> dst = new ArrayList<>();
    for (String t : tags) {
      dst.add(parse(t, "tag"));
    }
    return join(src, dst);
  }

  /**
   * Joins {@code sources} (each an image manifest or an index, by digest or tag) into one index pushed
   * under every {@code tags} reference.
   *
   * @throws IndexJoinError.DuplicatePlatform when two sources give the same platform
   * @throws IndexJoinError.SourceMissing when a source does not exist
   */
  public Result join(List<ImageReference> sources, List<ImageReference> tags) {
    if (sources.isEmpty()) {
      throw new IndexJoinError.InvalidRequest("no source images given");
    }
    if (tags.isEmpty()) {
      throw new IndexJoinError.InvalidRequest("no destination tag given (--tag)");
    }
    for (ImageReference t : tags) {
      if (t.tag() == null || t.digest() != null) {
        throw new IndexJoinError.InvalidRequest("destination " + t + " must be a tag (registry/repo:tag), not a digest");
      }
    }
    List<Entry> entries = new ArrayList<>();
    Map<Platform, String> seen = new LinkedHashMap<>();
    for (ImageReference s : sources) {
      for (Entry e : read(s)) {
        String before = seen.putIfAbsent(e.platform(), e.source());
        if (before != null) {
          throw new IndexJoinError.DuplicatePlatform(e.platform().toString(), before, e.source());
        }
        entries.add(e);
      }
    }
    boolean docker = entries.stream().allMatch(e -> MediaTypes.DOCKER_MANIFEST.equals(e.manifest().mediaType()));
    List<Descriptor> descriptors = new ArrayList<>();
    Map<Platform, Digest> platforms = new LinkedHashMap<>();
    for (Entry e : entries) {
      descriptors.add(e.manifest().descriptor().withPlatform(e.platform()));
      platforms.put(e.platform(), e.manifest().digest());
    }
    ImageIndex index = new ImageIndex(2, docker ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX, descriptors, Map.of());
    RawManifest indexJson = RawManifest.of(ImageJson.write(index), index.mediaType());

    Map<String, List<ImageReference>> byRepository = new LinkedHashMap<>();
    for (ImageReference t : tags) {
      byRepository.computeIfAbsent(t.context(), k -> new ArrayList<>()).add(t);
    }
    int copied = 0;
    for (List<ImageReference> refs : byRepository.values()) {
      ImageReference repo = refs.get(0);
      for (Entry e : entries) {
        copied += copyInto(e, repo);
      }
      client.manifestPut(repo.withDigest(indexJson.digest()), indexJson);
    }
    for (ImageReference t : tags) {
      client.manifestPut(t, indexJson);
    }
    return new Result(indexJson.descriptor(), platforms, tags.stream().map(ImageReference::toString).toList(), copied);
  }

  /** The platform manifests a source names: itself, or the platform entries of an index. */
  private List<Entry> read(ImageReference source) {
    if (client.manifestHead(source).isEmpty()) {
      throw new IndexJoinError.SourceMissing(source.toString());
    }
    RawManifest top = client.manifestGet(source);
    if (MediaTypes.isManifest(top.mediaType())) {
      return List.of(new Entry(platformOf(source, top), top, source, source.toString()));
    }
    if (!MediaTypes.isIndex(top.mediaType())) {
      throw new IndexJoinError.InvalidRequest(source + " is a " + top.mediaType() + ", not an image manifest or index");
    }
    List<Entry> out = new ArrayList<>();
    for (Descriptor d : ImageJson.readIndex(top.bytes()).manifests()) {
      // BuildKit's attestation manifests ride along as "unknown/unknown" entries that point at their
      // subject; they describe the source index, not the joined one, so they are left out.
      if (d.annotations().containsKey("vnd.docker.reference.type") || !MediaTypes.isManifest(d.mediaType())) {
        continue;
      }
      ImageReference at = source.withDigest(d.digest());
      RawManifest m = client.manifestGet(at);
      Platform p = d.platform() != null ? d.platform() : platformOf(at, m);
      out.add(new Entry(p, m, source, at.toString()));
    }
    if (out.isEmpty()) {
      throw new IndexJoinError.InvalidRequest(source + " is an index without image manifests");
    }
    return out;
  }

  private Platform platformOf(ImageReference at, RawManifest manifest) {
    Descriptor config = ImageJson.readManifest(manifest.bytes()).config();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    client.blobGet(at, config.digest(), bytes, TransferListener.NONE);
    return ImageJson.readConfig(bytes.toByteArray()).platform();
  }

  /** Blobs (mounted or copied) and the manifest by digest, into {@code repo}'s repository; returns blobs uploaded. */
  private int copyInto(Entry e, ImageReference repo) {
    int copied = 0;
    if (!e.repository().context().equals(repo.context())) {
      Path temp = null;
      try {
        temp = Files.createTempDirectory("multiarch-join");
        RegistryLocation source = new RegistryLocation(client, e.repository(), listener, temp);
        RegistryLocation destination = new RegistryLocation(client, repo, listener, temp);
        copied = destination.putBlobs(RegistryClient.references(e.manifest()), source);
      } catch (IOException x) {
        throw new ExportError("image join: cannot create a temporary directory: " + x.getMessage(), x);
      } finally {
        deleteQuietly(temp);
      }
    }
    client.manifestPut(repo.withDigest(e.manifest().digest()), e.manifest());
    return copied;
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        FileTrees.delete(temp);
      } catch (IOException ignored) {
        // best effort: a leftover temp directory does not change what was pushed
      }
    }
  }

  private static ImageReference parse(String text, String what) {
    try {
      return ImageReference.parse(text);
    } catch (InvalidReferenceException e) {
      throw new IndexJoinError.InvalidRequest(what + " \"" + text + "\": " + e.getMessage());
    }
  }
}
