package io.multiarchbuild.engine.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What an image reference resolved to for a platform (the platform's manifest, as the registry sent
 * it), remembered for a short time so that a {@code FROM} whose image is already in the content store
 * does not ask the registry again on every build. BuildKit resolves once per session and Docker's
 * embedded BuildKit prefers a local image outright; a short time-to-live keeps a moved tag visible
 * within minutes, and {@code --pull} skips the memo (and refreshes it). A reference pinned by digest
 * never changes, so its entry does not expire.
 *
 * <p>One JSON file per (reference, platform): {@code resolved/<sha256(ref \n platform)>.json}, with the
 * manifest bytes, their media type and when they were fetched. Files are published by rename; a
 * broken or unreadable file is treated as absent.
 */
public final class ResolvedImages {

  /** How long a tag's resolution is trusted without asking the registry. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A remembered resolution: the platform manifest's bytes and media type, and when it was fetched. */
  public record Entry(byte[] manifest, String mediaType, Instant resolvedAt) {
    public Entry {
      manifest = manifest.clone();
    }

    @Override
    public byte[] manifest() {
      return manifest.clone();
    }
  }

  private final Path dir;
  private final Path tmp;
  private final Duration ttl;
  private final Clock clock;

  ResolvedImages(Path dir, Path tmp, Duration ttl, Clock clock) {
    this.dir = dir;
    this.tmp = tmp;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * The remembered manifest of {@code ref} (its canonical text) for {@code platform}, if it was
   * fetched less than the time-to-live ago (or {@code ref} is pinned by digest).
   */
  public Optional<Entry> fresh(String ref, String platform) {
    return read(ref, platform, false);
  }

  /**
   * The remembered manifest of {@code ref} for {@code platform} however old it is: what the last build
   * that resolved it used (for a plan made without asking the registry).
   */
  public Optional<Entry> remembered(String ref, String platform) {
    return read(ref, platform, true);
  }

  private Optional<Entry> read(String ref, String platform, boolean anyAge) {
    Path file = file(ref, platform);
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(file));
      if (!ref.equals(n.path("ref").asText()) || !platform.equals(n.path("platform").asText())) {
        return Optional.empty(); // a hash collision, or someone else's file: not ours
      }
      Entry e = new Entry(n.path("manifest").binaryValue(), n.path("mediaType").asText(),
          Instant.parse(n.path("resolvedAt").asText()));
      boolean pinned = ref.contains("@sha256:");
      Instant now = clock.instant();
      if (e.manifest().length == 0 || e.mediaType().isEmpty()
          || (!pinned && !anyAge && (now.isBefore(e.resolvedAt()) || !now.isBefore(e.resolvedAt().plus(ttl))))) {
        return Optional.empty();
      }
      return Optional.of(e);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable: resolve again (put() replaces it)
    }
  }

  /** Remembers that {@code ref} resolved, now, to this manifest for {@code platform}. */
  public void put(String ref, String platform, byte[] manifest, String mediaType) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("ref", ref);
    n.put("platform", platform);
    n.put("mediaType", mediaType);
    n.put("resolvedAt", clock.instant().toString());
    n.put("manifest", manifest);
    Files.createDirectories(dir);
    Path staged = Files.createTempFile(tmp, "resolved-", ".tmp");
    try {
      Files.write(staged, JSON.writeValueAsBytes(n));
      Files.move(staged, file(ref, platform), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  private Path file(String ref, String platform) {
    return dir.resolve(Digest.sha256(ref + "\n" + platform).hex() + ".json");
  }
}
