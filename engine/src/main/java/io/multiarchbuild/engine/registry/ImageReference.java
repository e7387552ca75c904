package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageName;
import io.multiarchbuild.engine.oci.InvalidReferenceException;
import java.util.Objects;

/**
 * A normalised image reference: {@code registry/repository[:tag][@digest]}, parsed by {@link
 * ImageName} (the distribution reference grammar and Docker's normalisation), with what the registry
 * client needs on top (the API host, the manifest reference, variants).
 *
 * @param registry the registry host with optional port, e.g. {@code docker.io}, {@code 127.0.0.1:5000}
 * @param repository the repository path, e.g. {@code library/busybox}
 * @param tag the tag, or null when the reference names only a digest
 * @param digest the digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

  public static final String DOCKER_HUB = ImageName.DOCKER_HUB;
  /** Where Docker Hub's registry API actually answers. */
  static final String DOCKER_HUB_API = "registry-1.docker.io";

  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (tag == null && digest == null) {
      tag = "latest";
    }
  }

  /** A reference to {@code repository} on {@code registry} with a tag or digest (one may be null). */
  public static ImageReference of(String registry, String repository, String tag, Digest digest) {
    return parse(registry + "/" + repository
        + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : ""));
  }

  /** Parses and normalises {@code text} (the grammar is {@link ImageName}'s); throws {@link InvalidReferenceException}. */
  public static ImageReference parse(String text) {
    ImageName name = ImageName.parse(text);
    return new ImageReference(name.registry(), name.repository(), name.tag(), name.digest());
  }

  /** The host the registry API is served from (Docker Hub answers on another name than its own). */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
  }

  /** What goes after {@code /manifests/}: the digest when there is one, else the tag. */
  public String reference() {
    return digest != null ? digest.toString() : tag;
  }

  /** {@code registry/repository}, the name of the repository without tag or digest. */
  public String context() {
    return registry + "/" + repository;
  }

  public ImageReference withTag(String newTag) {
    return of(registry, repository, newTag, null);
  }

  public ImageReference withDigest(Digest newDigest) {
    return new ImageReference(registry, repository, null, Objects.requireNonNull(newDigest));
  }

  /** Another repository on the same registry. */
  public ImageReference withRepository(String otherRepository) {
    return of(registry, otherRepository, tag, digest);
  }

  @Override
  public String toString() {
    return new ImageName(registry, repository, tag, digest).toString();
  }
}
