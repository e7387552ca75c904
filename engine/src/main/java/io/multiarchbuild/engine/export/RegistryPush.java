package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.registry.BlobSource;
import io.multiarchbuild.engine.registry.BlobUpload;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.TransferListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pushes an assembled image to every repository named: blobs first (the registry skips those it has,
 * and mounts those a known repository of the same registry has), then the platform manifests by
 * digest, then the index by digest, then each tag (unless pushed by digest only) — so no tag ever
 * points at something incomplete.
 */
final class RegistryPush {

  private final RegistryClient client;
  private final TransferListener listener;

  RegistryPush(RegistryClient client, TransferListener listener) {
    this.client = client;
    this.listener = listener;
  }

  /** @param byDigest push the content only, tagging nothing ({@code push-by-digest=true}) */
  void push(AssembledImage image, Blobs blobs, List<String> names, boolean byDigest) {
    Map<String, List<ImageReference>> byRepository = new LinkedHashMap<>();
    for (String n : names) {
      ImageReference ref = ImageReference.parse(n);
      byRepository.computeIfAbsent(ref.context(), k -> new ArrayList<>()).add(ref);
    }
    for (List<ImageReference> refs : byRepository.values()) {
      ImageReference repo = refs.get(0);
      pushContent(image, blobs, repo);
      if (byDigest) {
        continue;
      }
      AssembledImage.Json top = image.top();
      for (ImageReference ref : refs) {
        client.manifestPut(ref, top.bytes(), top.descriptor().mediaType());
      }
    }
  }

  /** Blobs, configs, manifests and index of {@code image} into {@code repo}'s repository (no tags). */
  void pushContent(AssembledImage image, Blobs blobs, ImageReference repo) {
    Set<Digest> seen = new LinkedHashSet<>();
    List<BlobUpload> uploads = new ArrayList<>();
    for (AssembledImage.PlatformDocs p : image.platforms()) {
      for (Descriptor l : p.layers()) {
        if (seen.add(l.digest())) {
          uploads.add(new BlobUpload(l.digest(), source(blobs, l.digest()), mountSource(blobs, l.digest(), repo)));
        }
      }
      if (seen.add(p.config().digest())) {
        uploads.add(new BlobUpload(p.config().digest(), BlobSource.ofBytes(p.config().bytes()), null));
      }
    }
    client.blobPutAll(repo, uploads, listener);
    for (Digest d : seen) {
      blobs.recordSource(d, repo.context());
    }
    for (AssembledImage.PlatformDocs p : image.platforms()) {
      client.manifestPut(repo.withDigest(p.manifest().digest()), p.manifest().bytes(),
          p.manifest().descriptor().mediaType());
    }
    if (image.index() != null) {
      client.manifestPut(repo.withDigest(image.index().digest()), image.index().bytes(),
          image.index().descriptor().mediaType());
    }
  }

  /** The repository path to mount {@code d} from, when a repository of {@code repo}'s registry is known to have it. */
  static String mountSource(Blobs blobs, Digest d, ImageReference repo) {
    Optional<String> known = blobs.knownSource(d);
    if (known.isEmpty()) {
      return null;
    }
    String prefix = repo.registry() + "/";
    String k = known.get();
    if (!k.startsWith(prefix) || k.equals(repo.context())) {
      return null;
    }
    return k.substring(prefix.length());
  }

  static BlobSource source(Blobs blobs, Digest d) {
    Optional<Path> file = blobs.path(d);
    if (file.isPresent()) {
      try {
        return BlobSource.ofFile(file.get());
      } catch (IOException e) {
        throw new ExportError("cannot read blob " + d + " at " + file.get() + ": " + e.getMessage(), e);
      }
    }
    return new BlobSource() {
      @Override
      public long size() {
        try {
          return blobs.size(d);
        } catch (IOException e) {
          throw new ExportError("cannot read blob " + d + ": " + e.getMessage(), e);
        }
      }

      @Override
      public InputStream openAt(long offset) throws IOException {
        InputStream in = blobs.open(d);
        in.skipNBytes(offset);
        return in;
      }
    };
  }
}
