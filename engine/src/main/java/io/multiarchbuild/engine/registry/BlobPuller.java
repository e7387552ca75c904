package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/<name>/blobs/<digest>} streamed into a sink while hashing. A connection that drops
 * mid-body is resumed with {@code Range: bytes=<done>-}; the hash carries on over the resumed bytes,
 * so nothing is read twice. The digest is checked at the end and a mismatch is an error, never data.
 */
final class BlobPuller {

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  /**
   * Bytes are hashed in units this large: SHA-256 in a fresh JVM reached its intrinsic much later
   * with 64 KiB updates than with 1 MiB ones (a 256 MiB blob: 3.9-4.8 s vs 1.4-2.5 s of hashing).
   */
  private static final int HASH_UNIT = 1 << 20;
  /** ...but written in small pieces, while they are still in the CPU cache: 1 MiB writes doubled the system time. */
  private static final int WRITE_UNIT = 64 << 10;

  private final Transport transport;

  BlobPuller(Transport transport) {
    this.transport = transport;
  }

  void pull(ImageReference repo, Digest digest, OutputStream out, TransferListener listener) {
    PipelinedHasher[] hashing = {null}; // made once the size is known; carries on over resumed bodies
    try {
      transfer(repo, digest, out, listener, hashing);
    } finally {
      if (hashing[0] != null) {
        hashing[0].close();
      }
    }
  }

  private void transfer(ImageReference repo, Digest digest, OutputStream out, TransferListener listener,
      PipelinedHasher[] hashing) {
    String action = "pull blob " + digest + " from";
    String target = repo.context();
    long[] done = {0}; // updated byte by byte inside copy(), so a failure mid-body keeps the count
    long total = -1;
    int failures = 0;
    RetryPolicy policy = transport.config.retry();
    long deadline = System.nanoTime() + policy.maxTotal().toNanos();
    while (true) {
      long before = done[0];
      HttpResponse<InputStream> r = request(repo, digest, action, done[0]);
      int status = r.statusCode();
      try {
        if (status == 200 || status == 206) {
          long skip = 0;
          if (status == 206) {
            Matcher m = CONTENT_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
            if (!m.matches() || Long.parseLong(m.group(1)) != done[0]) {
              throw new RegistryException(action, target, 206, null,
                  "registry answered a resume at byte " + done[0] + " with range "
                      + r.headers().firstValue("Content-Range").orElse("(none)"), null);
            }
            if (!m.group(3).equals("*")) {
              total = Long.parseLong(m.group(3));
            }
          } else {
            skip = done[0]; // the registry ignored our Range: throw away what we already have
            total = r.headers().firstValueAsLong("Content-Length").orElse(-1);
          }
          if (hashing[0] == null) {
            // Small blobs (configs, thousands of tiny layers) get a buffer of their own size.
            int unit = total >= 0 ? (int) Math.max(1, Math.min(HASH_UNIT, total)) : HASH_UNIT;
            hashing[0] = PipelinedHasher.create(hasher(digest), total, unit);
          }
          copy(r.body(), out, hashing[0], skip, done, total, digest, listener, target);
          if (total < 0 || done[0] >= total) {
            break;
          }
          throw new IOException("connection closed after " + done[0] + " of " + total + " bytes");
        }
        throw ErrorResponses.fromResponse(action, target, r);
      } catch (IOException e) {
        // Failures count only while no bytes arrive: a long blob on a flaky link is bounded by time.
        failures = done[0] > before ? 1 : failures + 1;
        java.time.Duration wait = policy.backoff(failures);
        if (failures >= policy.maxAttempts() || System.nanoTime() + wait.toNanos() > deadline) {
          throw ErrorResponses.fromIo(action, target, repo.apiHost(), e, failures);
        }
        Transport.sleep(wait);
      }
    }
    Digest actual = new Digest(digest.algorithm(), HexFormat.of().formatHex(hashing[0].digest()));
    if (!actual.equals(digest)) {
      throw new DigestMismatchException(action, target, digest, actual);
    }
  }

  /** Copies the body, counting into {@code done[0]}; skips the first {@code skip} bytes. */
  private void copy(InputStream body, OutputStream out, PipelinedHasher hashing, long skip, long[] done, long total,
      Digest digest, TransferListener listener, String target) throws IOException {
    try (InputStream in = transport.stallGuard.guard(body)) {
      long skipped = 0;
      while (skipped < skip) {
        long n = in.skip(skip - skipped);
        if (n <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed while skipping to byte " + skip);
          }
          n = 1;
        }
        skipped += n;
      }
      while (true) {
        byte[] buf = hashing.buffer();
        int n = 0; // bytes of buf written to out; hashed (and counted as done) below, also after a failure
        boolean end = false;
        IOException failed = null;
        try {
          while (n < buf.length) {
            int r = in.read(buf, n, Math.min(WRITE_UNIT, buf.length - n));
            if (r < 0) {
              end = true;
              break;
            }
            if (total >= 0 && done[0] + n + r > total) {
              throw new RegistryException("pull blob " + digest + " from", target, 0, null,
                  "registry sent more than the announced " + total + " bytes", null);
            }
            out.write(buf, n, r);
            n += r;
          }
        } catch (IOException e) {
          failed = e; // keep what arrived before the failure: the resume starts after it
        }
        if (n > 0) {
          hashing.commit(n);
          done[0] += n;
          listener.bytes(digest, done[0], total);
        }
        if (failed != null) {
          throw failed;
        }
        if (end) {
          return;
        }
      }
    }
  }

  private HttpResponse<InputStream> request(ImageReference repo, Digest digest, String action, long from) {
    Endpoint ep = transport.endpoint(repo.registry());
    URI uri = ep.uri(repo.repository() + "/blobs/" + digest);
    HttpResponse<InputStream> r = transport.send(new Transport.Call(action, repo.context(), repo.registry(),
        List.of(ManifestEndpoints.pullScope(repo.repository())), true, 0, () -> withRange(
            HttpRequest.newBuilder(uri).GET(), from)));
    // Registries backed by object storage redirect to a signed URL; it must not get our credentials.
    for (int hops = 0; hops < 5 && isRedirect(r.statusCode()); hops++) {
      Optional<String> location = r.headers().firstValue("Location");
      ErrorResponses.readBounded(r.body());
      if (location.isEmpty()) {
        throw new RegistryException(action, repo.context(), r.statusCode(), null, "redirect without Location", null);
      }
      URI next = r.request().uri().resolve(location.get());
      r = transport.sendWithoutAuth(new Transport.Call(action, repo.context(), repo.registry(), List.of(), true, 0,
          () -> withRange(HttpRequest.newBuilder(next).GET(), from)));
    }
    return r;
  }

  private static HttpRequest.Builder withRange(HttpRequest.Builder b, long from) {
    return from > 0 ? b.header("Range", "bytes=" + from + "-") : b;
  }

  private static boolean isRedirect(int s) {
    return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
  }

  static MessageDigest hasher(Digest d) {
    try {
      return MessageDigest.getInstance(d.algorithm().equals("sha512") ? "SHA-512" : "SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
