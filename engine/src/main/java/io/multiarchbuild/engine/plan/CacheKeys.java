package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.dockerfile.Heredoc;
import io.multiarchbuild.engine.dockerfile.RunMount;
import io.multiarchbuild.engine.oci.Digest;

/**
 * Cache keys of ops: sha256 over a canonical encoding of the op. The encoding is JSON with every
 * object's properties in alphabetical order and every map's entries sorted by key, so it depends
 * only on the op's values; lists keep their order because order is meaningful (argv, sources).
 * Inputs appear as their keys, so a key covers the whole sub-graph below the op. Fields marked
 * {@code @JsonIgnore} (proxy variables) are deliberately not part of the key, and secret values are
 * never in an op at all (only secret ids).
 *
 * <p>The encoding is what a Jackson ObjectMapper (properties sorted alphabetically, map entries by
 * key, nulls written, Digest/Platform by toString, enums by name) produced when keys were first
 * defined; it is written by hand here so that no reflection runs at start-up, and must stay
 * byte-identical because users' and registries' caches hold these keys. {@code
 * CanonicalEncodingTest} checks it against that mapper for every op the test corpus plans, for
 * generated ops of every shape, and that every record component is written: a new component needs a
 * line below (in alphabetical position) or {@code @JsonIgnore}.
 */
final class CacheKeys {
  private CacheKeys() {}

  /** Bumped whenever the encoding changes, so old keys can never collide with new ones. */
  private static final String VERSION = "multiarch-build/op/v1";

  static String canonical(Op op) {
    StringBuilder b = new StringBuilder(256).append(VERSION).append('\n').append(op.kind()).append('\n');
    encode(new CanonicalJson(b), op);
    return b.toString();
  }

  static Digest key(Op op) {
    return Digest.sha256(canonical(op));
  }

  /** The op's JSON object; property names in String.compareTo order. */
  static void encode(CanonicalJson w, Op op) {
    w.beginObject();
    if (op instanceof Exec e) {
      w.name("args").strings(e.args());
      w.name("cwd").value(e.cwd());
      w.name("devices").strings(e.devices());
      w.name("env").stringMap(e.env());
      w.name("heredocs").beginArray();
      for (Heredoc h : e.heredocs()) {
        w.beginObject();
        w.name("chomp").literal(h.chomp());
        w.name("content").value(h.content());
        w.name("expand").literal(h.expand());
        w.name("name").value(h.name());
        w.endObject();
      }
      w.endArray();
      w.name("input").string(e.input());
      w.name("mounts").beginArray();
      for (ExecMount m : e.mounts()) {
        w.beginObject();
        w.name("input").string(m.input());
        w.name("inputName").value(m.inputName());
        w.name("mount");
        mount(w, m.mount());
        w.endObject();
      }
      w.endArray();
      w.name("network").value(e.network());
      w.name("platform").string(e.platform());
      w.name("security").value(e.security());
      w.name("user").value(e.user());
      // proxyEnv: @JsonIgnore, deliberately not part of the key
    } else if (op instanceof FileCopy c) {
      w.name("add").literal(c.add());
      w.name("checksum").value(c.checksum());
      w.name("chmod").value(c.chmod());
      w.name("chown").value(c.chown());
      w.name("contents").beginArray();
      for (FileCopy.InlineFile f : c.contents()) {
        w.beginObject();
        w.name("content").value(f.content());
        w.name("name").value(f.name());
        w.endObject();
      }
      w.endArray();
      w.name("dest").value(c.dest());
      w.name("excludes").strings(c.excludes());
      w.name("input").string(c.input());
      w.name("keepGitDir").literal(c.keepGitDir());
      w.name("link").literal(c.link());
      w.name("parents").literal(c.parents());
      w.name("source").string(c.source());
      w.name("sourceName").value(c.sourceName());
      w.name("sources").strings(c.sources());
      w.name("unpack").literal(c.unpack());
    } else if (op instanceof ImageSource i) {
      w.name("platform").string(i.platform());
      w.name("ref").value(i.ref());
    } else if (op instanceof ContextSource c) {
      w.name("excludes").strings(c.excludes());
      w.name("includes").strings(c.includes());
      w.name("name").value(c.name());
    } else if (op instanceof MakeDir m) {
      w.name("input").string(m.input());
      w.name("path").value(m.path());
      w.name("user").value(m.user());
    } else if (op instanceof Metadata m) {
      w.name("field").value(m.field());
      w.name("input").string(m.input());
      w.name("values").strings(m.values());
    } else if (op instanceof RemoteSource r) {
      w.name("checksum").value(r.checksum());
      w.name("git").literal(r.git());
      w.name("keepGitDir").literal(r.keepGitDir());
      w.name("url").value(r.url());
    } else if (!(op instanceof ScratchSource)) { // no properties: {}
      throw new IllegalStateException("no canonical encoding for " + op.getClass().getName());
    }
    w.endObject();
  }

  private static void mount(CanonicalJson w, RunMount m) {
    if (m == null) {
      w.value(null);
      return;
    }
    w.beginObject();
    w.name("env").value(m.env());
    w.name("from").value(m.from());
    w.name("gid").literal(m.gid());
    w.name("id").value(m.id());
    w.name("mode").literal(m.mode());
    w.name("readOnly").literal(m.readOnly());
    w.name("required").literal(m.required());
    w.name("sharing").value(m.sharing());
    w.name("sizeBytes").literal(m.sizeBytes());
    w.name("source").value(m.source());
    w.name("target").value(m.target());
    w.name("type").string(m.type());
    w.name("uid").literal(m.uid());
    w.endObject();
  }
}
