package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Blob existence checks and uploads: {@code HEAD} first, then an optional cross-repository mount,
 * then {@code POST} + one {@code PUT ?digest=} (monolithic) or {@code PATCH}es with
 * {@code Content-Range} and a closing {@code PUT} (chunked). An upload session whose request failed
 * half-way is in an unknown state on the registry, so a temporary failure restarts the whole upload
 * with a new session (after checking whether the blob arrived after all).
 */
final class BlobPusher {

  private final Transport transport;

  BlobPusher(Transport transport) {
    this.transport = transport;
  }

  boolean exists(ImageReference repo, Digest digest) {
    String action = "check blob " + digest + " in";
    URI uri = transport.endpoint(repo.registry()).uri(repo.repository() + "/blobs/" + digest);
    HttpResponse<InputStream> r = transport.send(new Transport.Call(action, repo.context(), repo.registry(),
        List.of(ManifestEndpoints.pullScope(repo.repository())), true, 0,
        () -> HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())));
    ErrorResponses.readBounded(r.body());
    if (r.statusCode() == 200) {
      return true;
    }
    if (r.statusCode() == 404) {
      return false;
    }
    throw ErrorResponses.fromResponse(action, repo.context(), r);
  }

  PushOutcome push(ImageReference repo, Digest digest, BlobSource source, String mountFrom,
      TransferListener listener) {
    String action = "push blob " + digest + " to";
    RetryPolicy policy = transport.config.retry();
    long deadline = System.nanoTime() + policy.maxTotal().toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return pushOnce(repo, digest, source, mountFrom, listener, action);
      } catch (RegistryException e) {
        boolean temporary = !(e instanceof DigestMismatchException)
            && (e.status() == 0 || e.status() >= 500 || e.status() == 429
                || "BLOB_UPLOAD_UNKNOWN".equals(e.errorCode()) || "BLOB_UPLOAD_INVALID".equals(e.errorCode()));
        java.time.Duration wait = policy.backoff(attempt);
        if (!temporary || attempt >= policy.maxAttempts() || System.nanoTime() + wait.toNanos() > deadline) {
          throw e;
        }
        Transport.sleep(wait);
      }
    }
  }

  private PushOutcome pushOnce(ImageReference repo, Digest digest, BlobSource source, String mountFrom,
      TransferListener listener, String action) {
    if (exists(repo, digest)) {
      return PushOutcome.EXISTED;
    }
    List<String> scopes = new ArrayList<>(List.of(ManifestEndpoints.pushScope(repo.repository())));
    String query = "";
    if (mountFrom != null && !mountFrom.equals(repo.repository())) {
      scopes.add(ManifestEndpoints.pullScope(mountFrom));
      query = "?mount=" + digest + "&from=" + mountFrom;
    }
    Endpoint ep = transport.endpoint(repo.registry());
    URI start = ep.uri(repo.repository() + "/blobs/uploads/" + query);
    // Re-POSTing only opens another session, so the POST itself may be retried.
    HttpResponse<InputStream> r = transport.send(new Transport.Call(action, repo.context(), repo.registry(), scopes,
        true, 0, () -> HttpRequest.newBuilder(start).POST(HttpRequest.BodyPublishers.noBody())));
    ErrorResponses.readBounded(r.body());
    if (r.statusCode() == 201 && !query.isEmpty()) {
      return PushOutcome.MOUNTED;
    }
    if (r.statusCode() != 202) {
      throw ErrorResponses.fromResponse(action, repo.context(), r);
    }
    URI location = location(r, action, repo);
    long size = source.size();
    if (size <= transport.config.monolithicLimit()) {
      finish(repo, digest, action, scopes, location, source, 0, size, listener);
    } else {
      long chunk = transport.config.chunkSize();
      for (long offset = 0; offset < size; offset += chunk) {
        long length = Math.min(chunk, size - offset);
        long from = offset;
        URI at = location;
        HttpResponse<InputStream> p = transport.send(new Transport.Call(action, repo.context(), repo.registry(),
            scopes, false, length, () -> HttpRequest.newBuilder(at)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", from + "-" + (from + length - 1))
                .method("PATCH", body(source, from, length, digest, size, listener))));
        ErrorResponses.readBounded(p.body());
        if (p.statusCode() != 202) {
          throw ErrorResponses.fromResponse(action, repo.context(), p);
        }
        location = location(p, action, repo);
      }
      finish(repo, digest, action, scopes, location, null, size, 0, listener);
    }
    return PushOutcome.UPLOADED;
  }

  /** The closing {@code PUT ?digest=}, with the whole blob (monolithic) or no body (chunked). */
  private void finish(ImageReference repo, Digest digest, String action, List<String> scopes, URI location,
      BlobSource source, long offset, long length, TransferListener listener) {
    String sep = location.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(location + sep + "digest=" + digest);
    long total = source == null ? offset : source.size();
    HttpResponse<InputStream> r = transport.send(new Transport.Call(action, repo.context(), repo.registry(), scopes,
        false, length, () -> HttpRequest.newBuilder(put)
            .header("Content-Type", "application/octet-stream")
            .PUT(source == null ? HttpRequest.BodyPublishers.noBody()
                : body(source, offset, length, digest, total, listener))));
    ErrorResponses.readBounded(r.body());
    if (r.statusCode() != 201) {
      throw ErrorResponses.fromResponse(action, repo.context(), r);
    }
    r.headers().firstValue("Docker-Content-Digest").ifPresent(d -> {
      if (!d.trim().equals(digest.toString())) {
        throw new DigestMismatchException(action, repo.context(), digest, Digest.parse(d.trim()));
      }
    });
  }

  private static HttpRequest.BodyPublisher body(BlobSource source, long offset, long length, Digest digest,
      long total, TransferListener listener) {
    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
      try {
        return new Counting(new Bounded(source.openAt(offset), length), digest, offset, total, listener);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), length);
  }

  private static URI location(HttpResponse<?> r, String action, ImageReference repo) {
    String loc = r.headers().firstValue("Location").orElseThrow(() -> new RegistryException(action,
        repo.context(), r.statusCode(), null, "upload response without Location header", null));
    return r.request().uri().resolve(loc);
  }

  /** Reports bytes as the HTTP client reads them. */
  private static final class Counting extends FilterInputStream {
    private final Digest digest;
    private final long total;
    private final TransferListener listener;
    private long done;

    Counting(InputStream in, Digest digest, long start, long total, TransferListener listener) {
      super(in);
      this.digest = digest;
      this.done = start;
      this.total = total;
      this.listener = listener;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        listener.bytes(digest, ++done, total);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        done += n;
        listener.bytes(digest, done, total);
      }
      return n;
    }
  }

  /** At most {@code limit} bytes of a stream: one chunk of the source. */
  private static final class Bounded extends FilterInputStream {
    private long left;

    Bounded(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
