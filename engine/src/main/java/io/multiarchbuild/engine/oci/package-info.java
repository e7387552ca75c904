/**
 * The OCI image model: digests, platforms, media types, descriptors, manifests, indexes, configs and
 * deterministic layers. Wire-format JSON lives here and nowhere else.
 */
package io.multiarchbuild.engine.oci;
