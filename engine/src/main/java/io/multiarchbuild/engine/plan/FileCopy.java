package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code COPY} or {@code ADD}: files from {@code source} (or here-document contents) onto {@code input}.
 *
 * @param add true for ADD (archives may be unpacked, URLs fetched)
 * @param input the file system written to
 * @param source the op the files come from (context, stage result, image or remote source); null
 *     when only here-documents are copied
 * @param sourceName what {@code source} is, for people ({@code context}, a stage name, an image ref, a URL)
 * @param sources source paths inside {@code source}, expanded
 * @param contents here-document files: name and the body (expanded unless the delimiter was quoted)
 * @param dest the absolute destination (relative ones are joined to WORKDIR); a trailing {@code /} is kept
 * @param chown {@code --chown} expanded, or null
 * @param chmod {@code --chmod} expanded, or null
 * @param link {@code --link}
 * @param parents {@code --parents}
 * @param excludes {@code --exclude} patterns, expanded
 * @param checksum ADD {@code --checksum}, or null
 * @param keepGitDir ADD {@code --keep-git-dir}
 * @param unpack ADD {@code --unpack}, null = by content
 */
public record FileCopy(
    boolean add,
    Digest input,
    Digest source,
    String sourceName,
    List<String> sources,
    List<InlineFile> contents,
    String dest,
    String chown,
    String chmod,
    boolean link,
    boolean parents,
    List<String> excludes,
    String checksum,
    boolean keepGitDir,
    Boolean unpack)
    implements Op {

  /** A file written from a here-document. */
  public record InlineFile(String name, String content) {}

  public FileCopy {
    sources = List.copyOf(sources);
    contents = List.copyOf(contents);
    excludes = List.copyOf(excludes);
  }

  /**
   * For {@code COPY --link}: the key of the layer this copy makes on its own, independent of the
   * file system it is copied onto ({@code input}), so the layer is reused when the base changes.
   */
  public Digest layerKey() {
    return CacheKeys.key(new FileCopy(add, null, source, sourceName, sources, contents, dest, chown, chmod, link, parents, excludes, checksum,
        keepGitDir, unpack));
  }

  @Override
  public String kind() {
    return add ? "add" : "copy";
  }

  @Override
  public List<Digest> inputs() {
    List<Digest> in = new ArrayList<>();
    in.add(input);
    if (source != null) {
      in.add(source);
    }
    return in;
  }
}
