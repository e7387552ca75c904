/**
 * The OCI image model: digests, platforms, media types, descriptors, manifests, indexes, configs and
 * deterministic layers, and image references ({@link io.multiarchbuild.engine.oci.ImageName}, one parser
 * for the planner and the registry client). Wire-format JSON lives here and nowhere else.
 */
package io.multiarchbuild.engine.oci;
