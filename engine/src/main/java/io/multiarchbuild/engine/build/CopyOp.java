package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.cache.FileChecksums;
import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.dockerfile.ChmodSpec;
import io.multiarchbuild.engine.dockerfile.GlobPattern;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.plan.FileCopy;
import io.multiarchbuild.engine.snapshot.LayerRef;
import io.multiarchbuild.engine.snapshot.Snapshot;
import io.multiarchbuild.engine.solver.ExecContext;
import io.multiarchbuild.engine.solver.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * COPY/ADD: streams the selected sources straight into a new layer tar (DESIGN: the layer is the
 * cost — one pass that hashes and compresses); nothing is materialised until a later RUN needs it.
 * Sources from the build context make the op's cache key depend on their content checksums.
 */
final class CopyOp implements Op<State> {

  private final Session session;
  private final FileCopy copy;
  private final String name;
  /** Where input 1 (the files copied) comes from; decides the content key and how the files are picked. */
  enum Origin {
    /** another stage, an image, or nothing (here-documents only): keyed by the input's cache key */
    OTHER,
    /** a local build context: keyed on the checksums of the files read */
    CONTEXT,
    /** an {@link HttpSourceOp} download directory holding the one file */
    URL,
    /** a {@link GitSourceOp} checkout: the whole tree is copied, keyed on the commit */
    GIT
  }

  private final Origin origin;
  /**
   * {@code COPY --link}: the copy's own layer, made as if onto an empty file system, so nothing of the
   * base is read (the vertex has no destination input; its inputs are just the source, if any) and
   * {@link LinkMergeOp} puts the layer on top of the base.
   */
  private final boolean link;

  CopyOp(Session session, FileCopy copy, String name, boolean fromContext) {
    this(session, copy, name, fromContext ? Origin.CONTEXT : Origin.OTHER, false);
  }

  CopyOp(Session session, FileCopy copy, String name, Origin origin, boolean link) {
    this.session = session;
    this.copy = copy;
    this.name = name;
    this.origin = origin;
    this.link = link;
  }

  @Override
  public Set<Integer> contentKeyInputs() {
    return origin != Origin.OTHER ? Set.of(sourceIndex()) : Set.of();
  }

  private int sourceIndex() {
    return link ? 0 : 1;
  }

  /** A digest of exactly the files this COPY reads (paths, types, modes, content digests); unchanged files are not re-read. */
  @Override
  public String contentKey(ExecContext ctx, Map<Integer, State> inputs) throws Exception {
    State context = inputs.get(sourceIndex());
    if (origin == Origin.URL) {
      return HttpSourceOp.contentKey(context.context());
    }
    if (origin == Origin.GIT) {
      return GitSourceOp.contentKey(context.context(), session.cache.root());
    }
    CopySources sel = new CopySources(context.context(), context.ignore(), copy.excludes(), Steps.instruction(name));
    FileChecksums sums = session.checksums(context.context());
    var md = Digest.newSha256();
    for (CopySources.Item it : sel.items(sel.matches(copy.sources()), false, copy.parents())) {
      String line;
      int st = (Integer) Files.getAttribute(it.file(), "unix:mode", LinkOption.NOFOLLOW_LINKS); // one lstat for type and mode
      if ((st & 0170000) == 0120000) {
        line = it.rel() + "\0l\0" + Files.readSymbolicLink(it.file());
      } else if ((st & 0170000) == 0040000) {
        line = it.rel() + "\0d\0" + (st & 07777);
      } else {
        line = it.rel() + "\0f\0" + (st & 07777) + "\0" + sums.checksum(it.rel());
      }
      md.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Digest.ofSha256(md.digest()).toString();
  }

  @Override
  public State exec(ExecContext ctx, List<State> given) throws Exception {
    List<State> inputs = given;
    if (link) {
      inputs = new ArrayList<>();
      // An empty file system to copy onto (the config is never used: the merge keeps the base's).
      inputs.add(State.image(io.multiarchbuild.engine.oci.ImageConfig.empty(io.multiarchbuild.engine.oci.Platform.host()), List.of()));
      inputs.addAll(given);
    }
    State dest = inputs.get(0);
    String what = Steps.instruction(name);
    LowerView view = new LowerView(session.layerDirs(dest.layers()));
    Owners.Owner owner = Owners.resolve(copy.chown(), view, what);
    ChmodSpec chmod = parseChmod(copy.chmod(), what);
    String destPath = copy.dest();
    // The destination is looked up as BuildKit does, through symlinks already in the image (never
    // leaving its root): COPY into /app where /app -> /srv/app writes /srv/app/...
    String destBase = view.resolve("/" + CopySources.clean(destPath));
    List<LayerEntry> entries = new ArrayList<>();
    Set<String> made = new HashSet<>();
    Instant now = Steps.now();
    Snapshot srcSnap = null;
    List<Path> cleanup = new ArrayList<>();
    try {
      if (inputs.size() > 1) {
        State src = inputs.get(1);
        Path root;
        if (src.isContext()) {
          root = src.context();
        } else {
          List<LayerRef> srcLayers = session.layerDirs(src.layers());
          Optional<Path> direct = directSource(srcLayers);
          if (direct.isPresent()) {
            root = direct.get();
          } else {
            srcSnap = session.snapshotter.prepare(session.newSnapshotId("copysrc"), srcLayers);
            root = srcSnap.rootfs();
          }
        }
        CopySources sel = new CopySources(root, src.isContext() ? src.ignore() : null, copy.excludes(), what);
        // A download directory holds one file, named as the ADD names it (from the URL).
        List<String> wanted = switch (origin) {
          case URL -> List.of(HttpSourceOp.onlyFile(root).getFileName().toString());
          case GIT -> List.of("."); // the checkout's contents go into the destination directory
          default -> copy.sources();
        };
        List<CopySources.Match> matches = sel.matches(wanted);
        boolean intoDir = destPath.endsWith("/") || matches.size() > 1 || matches.stream().anyMatch(CopySources.Match::wildcard)
            || view.isDirectory(destBase)
            || (matches.size() == 1 && Files.isDirectory(root.resolve(matches.get(0).rel()), LinkOption.NOFOLLOW_LINKS));
        if (intoDir) {
          parents(destBase + "/x", view, entries, made, owner, true);
        }
        for (CopySources.Item it : sel.items(matches, intoDir, copy.parents())) {
          if (unpacks(it.file())) {
            parents(join(destBase, "x"), view, entries, made, owner, false);
            entries.addAll(ArchiveSource.entries(it.file(), destBase, session.cache.root().resolve("tmp"), cleanup));
            continue;
          }
          String target = it.target().isEmpty() ? destBase : join(destBase, it.target());
          parents(target, view, entries, made, owner, false);
          LayerEntry e = entry(it.file(), target, chmod);
          if (e != null) {
            entries.add(e.withOwner(owner.uid(), owner.gid()));
            made.add(target);
          }
        }
      }
      for (FileCopy.InlineFile f : copy.contents()) {
        boolean intoDir = destPath.endsWith("/") || view.isDirectory(destBase);
        String target = intoDir ? join(destBase, f.name()) : destBase;
        parents(target, view, entries, made, owner, false);
        entries.add(LayerEntry.file(target, chmod == null ? 0644 : chmod.apply(0644, false), now, f.content().getBytes(StandardCharsets.UTF_8))
            .withOwner(owner.uid(), owner.gid()));
      }
      Layer layer = session.writeLayer(entries);
      return dest.plus(layer, Steps.history(name, now));
    } finally {
      if (srcSnap != null) {
        srcSnap.release();
      }
      for (Path p : cleanup) {
        FileTrees.delete(p);
      }
    }
  }

  /**
   * The one layer directory of another stage (or image) that holds everything this COPY reads, when
   * there is one: reading there is the same as reading the mounted stage, without a mount and unmount
   * (two processes, ~20-30 ms a COPY --from). Only for named sources (a wildcard may match in several
   * layers); see {@link LowerView#soleLayerOf} for when the merge is needed.
   */
  private Optional<Path> directSource(List<LayerRef> layers) {
    if (origin != Origin.OTHER || copy.sources().isEmpty()) {
      return Optional.empty();
    }
    List<String> rels = new ArrayList<>();
    for (String s : copy.sources()) {
      String c = CopySources.clean(s);
      if (GlobPattern.hasMeta(c)) {
        return Optional.empty();
      }
      rels.add(c);
    }
    return new LowerView(layers).soleLayerOf(rels);
  }

  /** ADD auto-extracts a local tar archive (plain, gzip or zstd, detected by content) unless --unpack=false. */
  private boolean unpacks(Path file) throws IOException {
    // A downloaded archive stays as it is unless --unpack=true (BuildKit's rule for URLs).
    boolean wanted = origin == Origin.URL || origin == Origin.GIT ? Boolean.TRUE.equals(copy.unpack()) : !Boolean.FALSE.equals(copy.unpack());
    return copy.add() && wanted && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        && ArchiveSource.isArchive(file);
  }

  /** Directory entries for the missing parents of {@code target} (BuildKit creates them; owned by root unless the dest dir itself). */
  private static void parents(String target, LowerView view, List<LayerEntry> entries, Set<String> made,
      Owners.Owner owner, boolean destDir) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String p = parent(target); !p.equals("/"); p = parent(p)) {
      if (made.contains(p)) {
        break;
      }
      if (view.exists(p)) {
        existingParents(p, view, entries, made);
        break;
      }
      missing.add(0, p);
    }
    for (String p : missing) {
      boolean last = destDir && p.equals(parent(target));
      LayerEntry d = LayerEntry.directory(p, 0755, Instant.EPOCH);
      entries.add(last ? d.withOwner(owner.uid(), owner.gid()) : d);
      made.add(p);
    }
  }

  /**
   * Repeats {@code dir} and its ancestors, all existing in the lower layers, with their own metadata
   * (see {@link LowerView#directoryEntry}), parents first.
   */
  static void existingParents(String dir, LowerView view, List<LayerEntry> entries, Set<String> made) throws IOException {
    List<LayerEntry> chain = new ArrayList<>();
    for (String p = dir; !p.equals("/") && !made.contains(p); p = parent(p)) {
      view.directoryEntry(p).ifPresent(e -> chain.add(0, e));
      made.add(p);
    }
    entries.addAll(chain);
  }

  private static LayerEntry entry(Path file, String target, ChmodSpec chmod) throws IOException {
    // One lstat for type, mode and mtime (this runs once per copied file: 20,000 in a big COPY).
    Map<String, Object> st = Files.readAttributes(file, "unix:mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    Instant t = ((FileTime) st.get("lastModifiedTime")).toInstant();
    int raw = (Integer) st.get("mode");
    int mode = raw & 07777;
    return switch (raw & 0170000) {
      case 0120000 -> LayerEntry.symlink(target, Files.readSymbolicLink(file).toString(), t);
      case 0040000 -> LayerEntry.directory(target, chmod == null ? mode : chmod.apply(mode, true), t);
      case 0100000 -> LayerEntry.file(target, chmod == null ? mode : chmod.apply(mode, false), t, file);
      default -> null; // sockets, fifos, devices are not copied
    };
  }

  static int mode(Path file) throws IOException {
    return ((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }

  /** The planner has validated the value already; a failure here means a plan built some other way. */
  private static ChmodSpec parseChmod(String chmod, String what) {
    if (chmod == null || chmod.isEmpty()) {
      return null;
    }
    try {
      return ChmodSpec.parse(chmod);
    } catch (IllegalArgumentException e) {
      throw new BuildError(what + ": invalid --chmod=" + chmod + ": " + e.getMessage());
    }
  }

  static String parent(String p) {
    int i = p.lastIndexOf('/');
    return i <= 0 ? "/" : p.substring(0, i);
  }

  static String join(String dir, String rel) {
    return dir.endsWith("/") ? dir + rel : dir + "/" + rel;
  }
}
