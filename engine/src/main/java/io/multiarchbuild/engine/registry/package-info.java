/**
 * A client for the OCI distribution (registry v2) API: image references, credentials (explicit,
 * Docker {@code config.json}, credential helpers), anonymous/Basic/Bearer-token authentication,
 * manifests as raw bytes, blob HEAD/GET with resume and digest verification, monolithic and chunked
 * uploads, cross-repository mounts, and retries. {@link io.multiarchbuild.engine.registry.RegistryClient}
 * is the way in; endpoint and transport classes are package-private.
 */
package io.multiarchbuild.engine.registry;
