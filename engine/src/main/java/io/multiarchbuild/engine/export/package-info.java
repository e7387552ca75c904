/**
 * Exporters: turn a built (or pulled) image into buildx outputs — a registry push, an OCI layout, a
 * docker-save archive or a Docker Engine load, a local directory or tar of the file system — and pull
 * or copy images between registries and layouts. Entry points: {@link
 * io.multiarchbuild.engine.export.Exporters}, {@link io.multiarchbuild.engine.export.ImagePuller},
 * {@link io.multiarchbuild.engine.export.ImageCopier}.
 */
package io.multiarchbuild.engine.export;
