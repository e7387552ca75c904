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
import java.util.Optional;

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
    if (r.statusCode() == 200 || r.statusCode() == 404) {
      ErrorResponses.readBounded(r.body());
      return r.statusCode() == 200;
    }
    throw ErrorResponses.fromResponse(action, repo.context(), r);
  }

  PushOutcome push(ImageReference repo, Digest digest, BlobSource source, String mountFrom,
      TransferListener listener) {
    return new Upload(repo, digest, source, mountFrom, listener).run();
  }

  /**
   * One blob's upload. Failures are counted without progress: a chunk the registry accepted resets
   * the count, so a long upload through a flaky network is bounded by time, not by its length.
   */
  private final class Upload {
    private final ImageReference repo;
    private final Digest digest;
    private final BlobSource source;
    private final String mountFrom;
    private final TransferListener listener;
    private final String action;
    private final List<String> scopes = new ArrayList<>();
    private final RetryPolicy policy = transport.config.retry();
    private final long deadline = System.nanoTime() + policy.maxTotal().toNanos();
    private int failures;
    private URI location;
    private long offset;

    Upload(ImageReference repo, Digest digest, BlobSource source, String mountFrom, TransferListener listener) {
      this.repo = repo;
      this.digest = digest;
      this.source = source;
      this.mountFrom = mountFrom != null && !mountFrom.equals(repo.repository()) ? mountFrom : null;
      this.listener = listener;
      this.action = "push blob " + digest + " to";
      scopes.add(ManifestEndpoints.pushScope(repo.repository()));
      if (this.mountFrom != null) {
        scopes.add(ManifestEndpoints.pullScope(this.mountFrom));
      }
    }

    PushOutcome run() {
      while (true) {
        try {
          if (location == null) {
            Optional<PushOutcome> done = start();
            if (done.isPresent()) {
              return done.get();
            }
          }
          send();
          return PushOutcome.UPLOADED;
        } catch (RegistryException e) {
          if (!temporary(e)) {
            throw e;
          }
          failures++;
          java.time.Duration wait = policy.backoff(failures);
          if (failures >= policy.maxAttempts() || System.nanoTime() + wait.toNanos() > deadline) {
            throw e;
          }
          Transport.sleep(wait);
          if (location != null && !resume()) {
            location = null; // the session is gone or inconsistent: start a new one
          }
        }
      }
    }

    /** HEAD, then mount or open a session; returns the outcome when nothing needs sending. */
    private Optional<PushOutcome> start() {
      try {
        if (exists(repo, digest)) {
          return Optional.of(PushOutcome.EXISTED);
        }
      } catch (RegistryException e) {
        // A repository we may push to but not read (or a HEAD answered without a reason): let the
        // upload itself succeed or report the registry's own error.
        if (e.status() != 401 && e.status() != 403) {
          throw e;
        }
      }
      String query = mountFrom == null ? "" : "?mount=" + digest + "&from=" + mountFrom;
      URI start = transport.endpoint(repo.registry()).uri(repo.repository() + "/blobs/uploads/" + query);
      // Re-POSTing only opens another session, so the POST itself may be retried.
      HttpResponse<InputStream> r = transport.send(new Transport.Call(action, repo.context(), repo.registry(),
          scopes, true, 0, () -> HttpRequest.newBuilder(start).POST(HttpRequest.BodyPublishers.noBody())));
      if (r.statusCode() != 202 && !(r.statusCode() == 201 && mountFrom != null)) {
        throw ErrorResponses.fromResponse(action, repo.context(), r);
      }
      ErrorResponses.readBounded(r.body());
      if (r.statusCode() == 201) {
        return Optional.of(PushOutcome.MOUNTED);
      }
      location = location(r, action, repo);
      offset = 0;
      return Optional.empty();
    }

    /** Sends what is left: the whole blob in the closing PUT, or PATCHes then an empty PUT. */
    private void send() {
      long size = source.size();
      if (size <= transport.config.monolithicLimit()) {
        if (offset != 0) {
          throw new RegistryException(action, repo.context(), 0, "BLOB_UPLOAD_INVALID",
              "a monolithic upload was partly received", null);
        }
        finish(size);
        return;
      }
      while (offset < size) {
        long length = Math.min(transport.config.chunkSize(), size - offset);
        long from = offset;
        URI at = location;
        HttpResponse<InputStream> p = transport.send(new Transport.Call(action, repo.context(), repo.registry(),
            scopes, false, length, () -> HttpRequest.newBuilder(at)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", from + "-" + (from + length - 1))
                .method("PATCH", body(source, from, length, digest, size, listener))));
        if (p.statusCode() != 202) {
          throw ErrorResponses.fromResponse(action, repo.context(), p);
        }
        ErrorResponses.readBounded(p.body());
        location = location(p, action, repo);
        offset = from + length;
        failures = 0;
      }
      finish(0);
    }

    /** The closing {@code PUT ?digest=}, carrying {@code length} bytes from {@link #offset}. */
    private void finish(long length) {
      String sep = location.getRawQuery() == null ? "?" : "&";
      URI put = URI.create(location + sep + "digest=" + digest);
      long from = offset;
      HttpResponse<InputStream> r = transport.send(new Transport.Call(action, repo.context(), repo.registry(),
          scopes, false, length, () -> HttpRequest.newBuilder(put)
              .header("Content-Type", "application/octet-stream")
              .PUT(length == 0 ? HttpRequest.BodyPublishers.noBody()
                  : body(source, from, length, digest, source.size(), listener))));
      if (r.statusCode() != 201) {
        throw ErrorResponses.fromResponse(action, repo.context(), r);
      }
      ErrorResponses.readBounded(r.body());
      r.headers().firstValue("Docker-Content-Digest").ifPresent(d -> {
        if (!d.trim().equals(digest.toString())) {
          throw new DigestMismatchException(action, repo.context(), digest, Digest.parse(d.trim()));
        }
      });
    }

    /**
     * Asks the registry how much of the session it has ({@code GET} on the upload URL answers 204 with
     * {@code Range: 0-<last>}) and continues from there. False when the session cannot be resumed:
     * it is unknown, or a request that failed half-way left it inconsistent.
     */
    private boolean resume() {
      URI at = location;
      HttpResponse<InputStream> r;
      try {
        r = transport.send(new Transport.Call(action, repo.context(), repo.registry(), scopes, true, 0,
            () -> HttpRequest.newBuilder(at).GET()));
      } catch (RegistryException e) {
        return false;
      }
      ErrorResponses.readBounded(r.body());
      java.util.regex.Matcher m = RANGE.matcher(r.headers().firstValue("Range").orElse(""));
      if (r.statusCode() != 204 || !m.matches()) {
        return false;
      }
      long received = Long.parseLong(m.group(1)) + 1; // distribution says "0--1" for an empty session
      if (received > source.size()) {
        return false;
      }
      location = location(r, action, repo);
      offset = received;
      return true;
    }
  }

  private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("(?:bytes=)?0-(-?[0-9]+)");

  private static boolean temporary(RegistryException e) {
    return !(e instanceof DigestMismatchException)
        && (e.status() == 0 || e.status() >= 500 || e.status() == 429
            || "BLOB_UPLOAD_UNKNOWN".equals(e.errorCode()) || "BLOB_UPLOAD_INVALID".equals(e.errorCode()));
  }

  private static HttpRequest.BodyPublisher body(BlobSource source, long offset, long length, Digest digest,
      long total, TransferListener listener) {
    Optional<java.nio.file.Path> file = mappedFile(source, length);
    if (file.isPresent()) {
      return HttpRequest.BodyPublishers.fromPublisher(new MappedFilePublisher(file.get(), offset, length,
          done -> listener.bytes(digest, done, total)), length);
    }
    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
      try {
        return new Counting(new Bounded(source.openAt(offset), length), digest, offset, total, listener);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), length);
  }

  /**
   * The file to send a body of {@code length} bytes from by mapping, if any. Bodies under one slice
   * are streamed: for them the copy costs nothing, and each mapping is an address-space entry that
   * lasts until a garbage collection, so thousands of tiny layers should not each leave one.
   */
  static Optional<java.nio.file.Path> mappedFile(BlobSource source, long length) {
    return length >= MappedFilePublisher.SLICE ? source.file() : Optional.empty();
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
