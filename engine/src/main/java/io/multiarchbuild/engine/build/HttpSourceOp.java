package io.multiarchbuild.engine.build;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.plan.RemoteSource;
import io.multiarchbuild.engine.solver.ExecContext;
import io.multiarchbuild.engine.solver.Op;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ADD of an http(s) URL. The download lands in the cache dir ({@code http/<sha256 of url>/}) as a
 * directory holding just the file, which the ADD then copies like a one-file context. Like the
 * build context this op is not cached itself — whether the URL still serves the same bytes is only
 * known by asking — but it asks cheaply: with {@code --checksum} a download already verified is
 * reused with no request at all; otherwise the stored ETag / Last-Modified make the request
 * conditional and a 304 reuses the stored file. The ADD keys on the file's digest, name and mtime
 * ({@link #contentKey}), so unchanged content keeps the ADD cached.
 *
 * <p>As BuildKit: the file is mode 0600, its mtime is the Last-Modified header when the server sends
 * one, and its name is the last segment of the URL path (BuildKit's Dockerfile frontend always names
 * it so, trailing slashes ignored); only when the path has no segment at all is Content-Disposition's
 * filename used, then {@code __unnamed__}. A server that wants credentials gets them from the build
 * secrets BuildKit reads for the URL's host ({@link HttpAuth}); they never reach the cache key, the
 * stored metadata or any message.
 */
final class HttpSourceOp implements Op<State> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DISPOSITION_NAME = Pattern.compile("filename\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE);
  private static final String META = "meta.json";

  /**
   * What the cache remembers about a URL: its validators and which download directory holds its
   * content. Stored as the JSON Jackson's bean serializer wrote (components in order, nulls kept),
   * but read and written without reflection, which cost about 0.1 s of CPU in a fresh JVM.
   */
  record Meta(String url, String etag, String lastModified, String digest, String dir) {
    private static final List<String> PROPERTIES = List.of("url", "etag", "lastModified", "digest", "dir");

    String toJson() throws IOException {
      java.io.StringWriter out = new java.io.StringWriter();
      try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("url", url);
        g.writeStringField("etag", etag);
        g.writeStringField("lastModified", lastModified);
        g.writeStringField("digest", digest);
        g.writeStringField("dir", dir);
        g.writeEndObject();
      }
      return out.toString();
    }

    /** Strict like the bean deserializer: an unknown property or a non-string value is an error. */
    static Meta parse(byte[] json) throws IOException {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      for (java.util.Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!PROPERTIES.contains(name)) {
          throw new IOException("unknown property " + name);
        }
      }
      String[] v = new String[PROPERTIES.size()];
      for (int i = 0; i < v.length; i++) {
        JsonNode f = n.get(PROPERTIES.get(i));
        if (f != null && !f.isNull()) {
          if (!f.isValueNode()) {
            throw new IOException(PROPERTIES.get(i) + " is not a string");
          }
          v[i] = f.asText();
        }
      }
      return new Meta(v[0], v[1], v[2], v[3], v[4]);
    }
  }

  private final Session session;
  private final RemoteSource source;

  HttpSourceOp(Session session, RemoteSource source) {
    this.session = session;
    this.source = source;
  }

  @Override
  public boolean cacheable() {
    return false;
  }

  @Override
  public State exec(ExecContext ctx, List<State> inputs) throws Exception {
    String url = source.url();
    Path base = session.cache.root().resolve("http").resolve(Digest.sha256(url).hex());
    Files.createDirectories(base);
    Meta meta = readMeta(base);
    if (source.checksum() != null && meta != null && source.checksum().equals(meta.digest()) && Files.isDirectory(base.resolve(meta.dir()))) {
      return State.context(base.resolve(meta.dir()), null); // verified before; nothing to ask
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofMinutes(10));
    boolean haveStored = meta != null && Files.isDirectory(base.resolve(meta.dir()));
    if (haveStored && meta.etag() != null) {
      req.header("If-None-Match", meta.etag());
    } else if (haveStored && meta.lastModified() != null) {
      req.header("If-Modified-Since", meta.lastModified());
    }
    Optional<HttpAuth.Credential> auth = HttpAuth.forUrl(URI.create(url), session.secrets.store);
    HttpResponse<InputStream> resp;
    try {
      resp = auth.isEmpty()
          ? session.downloads().send(req.build(), HttpResponse.BodyHandlers.ofInputStream())
          : HttpAuth.send(session.credentialedDownloads(), req, URI.create(url), auth.get());
    } catch (IOException e) {
      throw new BuildError("ADD " + url + ": cannot fetch it: " + e.getMessage());
    }
    try (InputStream body = resp.body()) {
      if (resp.statusCode() == 304 && haveStored) {
        checkChecksum(meta.digest());
        return State.context(base.resolve(meta.dir()), null);
      }
      if (resp.statusCode() == 401 || resp.statusCode() == 403) {
        throw new BuildError("ADD " + url + ": " + HttpAuth.refusal(resp.statusCode(), URI.create(url), auth));
      }
      if (resp.statusCode() / 100 != 2) {
        throw new BuildError("ADD " + url + ": the server answered HTTP " + resp.statusCode() + "; check the URL");
      }
      Path tmp = Files.createTempDirectory(base, ".download-");
      try {
        String name = fileName(url, resp.headers().firstValue("Content-Disposition"));
        Path file = tmp.resolve(name);
        MessageDigest md = Digest.newSha256();
        try (OutputStream out = Files.newOutputStream(file)) {
          byte[] buf = new byte[1 << 16];
          for (int n; (n = body.read(buf)) > 0; ) {
            md.update(buf, 0, n);
            out.write(buf, 0, n);
            if (ctx.isCancelled()) {
              throw new InterruptedException("cancelled");
            }
          }
        }
        String digest = Digest.ofSha256(md.digest()).toString();
        checkChecksum(digest);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Optional<String> lastModified = resp.headers().firstValue("Last-Modified");
        Instant mtime = lastModified.flatMap(HttpSourceOp::httpDate).orElse(Instant.now());
        Files.setLastModifiedTime(file, FileTime.from(mtime));
        // One directory per (content, name, mtime): what a COPY keys on. Published by rename, so
        // concurrent builds see it whole or not at all; an existing one is identical and kept.
        String dirName = Digest.sha256(digest + "\0" + name + "\0" + mtime.getEpochSecond()).hex();
        Path dir = base.resolve(dirName);
        if (!Files.isDirectory(dir)) {
          try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
          } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            // a concurrent build published the same download first
          }
        }
        writeMeta(base, new Meta(url, resp.headers().firstValue("ETag").orElse(null), lastModified.orElse(null), digest, dirName));
        return State.context(dir, null);
      } finally {
        if (Files.exists(tmp)) {
          FileTrees.delete(tmp);
        }
      }
    }
  }

  private void checkChecksum(String actual) {
    if (source.checksum() != null && !source.checksum().equals(actual)) {
      throw new BuildError("ADD " + source.url() + ": checksum mismatch: --checksum is " + source.checksum() + " but the download is " + actual);
    }
  }

  /** The ADD's content key for a download directory: the file's name, digest and mtime. */
  static String contentKey(Path dir) throws IOException {
    Path file = onlyFile(dir);
    Meta meta = readMeta(dir.getParent());
    String digest = meta != null && dir.getFileName().toString().equals(meta.dir()) ? meta.digest() : null;
    if (digest == null) {
      try (InputStream in = Files.newInputStream(file)) {
        digest = Digest.ofSha256(Digest.newSha256().digest(in.readAllBytes())).toString();
      }
    }
    return "http\0" + file.getFileName() + "\0" + digest + "\0" + Files.getLastModifiedTime(file).toMillis();
  }

  /** The one file of a download directory. */
  static Path onlyFile(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        return p;
      }
    }
    throw new IllegalStateException("empty download directory " + dir);
  }

  static String fileName(String url, Optional<String> disposition) {
    String path = URI.create(url).getPath();
    path = path == null ? "" : path.replaceAll("/+$", ""); // as Go's path.Base: "/dl/" names "dl"
    String base = path.substring(path.lastIndexOf('/') + 1);
    if (!base.isEmpty() && !base.equals(".") && !base.equals("..")) {
      return base;
    }
    if (disposition.isPresent()) {
      Matcher m = DISPOSITION_NAME.matcher(disposition.get());
      if (m.find()) {
        String n = m.group(2) != null ? m.group(2) : m.group(1);
        n = n.substring(n.lastIndexOf('/') + 1); // a server does not choose where the file goes
        if (!n.isEmpty() && !n.equals(".") && !n.equals("..")) {
          return n;
        }
      }
    }
    return "__unnamed__";
  }

  static Optional<Instant> httpDate(String value) {
    try {
      return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Meta readMeta(Path base) {
    try {
      return Meta.parse(Files.readAllBytes(base.resolve(META)));
    } catch (IOException | RuntimeException e) {
      return null; // none yet, or torn by a crash: download again
    }
  }

  private void writeMeta(Path base, Meta meta) throws IOException {
    Path tmp = Files.createTempFile(base, ".meta-", ".tmp");
    Files.write(tmp, meta.toJson().getBytes(StandardCharsets.UTF_8));
    Files.move(tmp, base.resolve(META), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
