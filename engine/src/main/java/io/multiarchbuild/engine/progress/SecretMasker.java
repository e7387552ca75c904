package io.multiarchbuild.engine.progress;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A filter sink that replaces secret values with {@value #MASK} before any downstream sink sees
 * them: in log bytes, vertex names, error strings, status ids/names and warnings. Besides the raw
 * value it masks its base64 forms (standard and URL-safe alphabet, each with and without padding),
 * because build tools routinely print {@code Authorization: Basic …} headers and docker config
 * files.
 *
 * <p>Log chunks are arbitrary slices, so a secret may straddle two chunks. For each vertex and stream
 * the masker holds back the shortest tail that could still grow into a secret (at most the longest
 * pattern's length minus one byte) and prepends it to the next chunk; the held bytes are released
 * when the vertex finishes and on {@link #close()}. Output without such a tail (e.g. complete lines)
 * is never delayed.
 *
 * <p>Values shorter than {@value #MIN_SECRET_LENGTH} characters are not masked: a one- or two-character
 * "secret" occurs everywhere in ordinary output, so masking it would destroy the log while protecting
 * nothing (BuildKit-style tools skip very short values for the same reason). Only whole-value base64
 * encodings are recognised, not a secret embedded at an arbitrary offset inside a longer base64 text.
 */
public final class SecretMasker implements ProgressSink {

  /** The replacement text. */
  public static final String MASK = "****";

  /** Shorter values are ignored (see the class comment). */
  public static final int MIN_SECRET_LENGTH = 3;

  private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);

  private final ProgressSink downstream;
  /** Longest first, so an encoded form wins over a raw value it happens to contain. */
  private final List<byte[]> patterns;
  private final Map<String, Carry> carries = new HashMap<>();

  /**
   * @param secrets the values to hide; values shorter than {@value #MIN_SECRET_LENGTH} are ignored
   * @param downstream where masked events go
   */
  public SecretMasker(Collection<String> secrets, ProgressSink downstream) {
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    Set<String> forms = new LinkedHashSet<>();
    for (String secret : secrets) {
      if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
        continue;
      }
      byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
      forms.add(secret);
      forms.add(Base64.getEncoder().encodeToString(raw));
      forms.add(Base64.getEncoder().withoutPadding().encodeToString(raw));
      forms.add(Base64.getUrlEncoder().encodeToString(raw));
      forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    }
    List<byte[]> list = new ArrayList<>();
    for (String form : forms) {
      list.add(form.getBytes(StandardCharsets.UTF_8));
    }
    list.sort(Comparator.comparingInt((byte[] p) -> p.length).reversed());
    this.patterns = List.copyOf(list);
  }

  @Override
  public synchronized void accept(ProgressEvent event) {
    if (patterns.isEmpty()) {
      downstream.accept(event);
      return;
    }
    if (event instanceof LogEvent log) {
      acceptLog(log);
    } else if (event instanceof VertexEvent v) {
      if (v.isCompleted()) {
        flush(v.digest(), LogEvent.STDOUT);
        flush(v.digest(), LogEvent.STDERR);
      }
      downstream.accept(
          new VertexEvent(
              v.digest(), v.inputs(), mask(v.name()), v.started(), v.completed(), v.cached(),
              v.error() == null ? null : mask(v.error()), v.canceled()));
    } else if (event instanceof StatusEvent s) {
      downstream.accept(
          new StatusEvent(
              mask(s.id()), s.vertex(), mask(s.name()), s.current(), s.total(), s.started(),
              s.completed(), s.timestamp()));
    } else if (event instanceof WarningEvent w) {
      downstream.accept(
          new WarningEvent(
              w.vertex(), w.level(), mask(w.shortMessage()),
              w.detail().stream().map(this::mask).toList(), mask(w.url()), w.file(), w.startLine(),
              w.endLine()));
    }
  }

  /** Releases every held-back tail, then closes downstream. */
  @Override
  public synchronized void close() {
    for (String key : List.copyOf(carries.keySet())) {
      Carry c = carries.get(key);
      flush(c.vertex, c.stream);
    }
    downstream.close();
  }

  /**
   * Masks a whole string (no carry-over): text that did not pass through this sink, such as an error
   * message that leaves the build as an exception or a recorder's stored logs kept for a build page.
   */
  public String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    scan(bytes, out, true);
    return out.toString(StandardCharsets.UTF_8);
  }

  private void acceptLog(LogEvent log) {
    String key = log.vertex() + "\u0000" + log.stream();
    Carry carry = carries.get(key);
    byte[] data = log.data();
    Instant timestamp = log.timestamp();
    if (carry != null) {
      byte[] joined = new byte[carry.bytes.length + data.length];
      System.arraycopy(carry.bytes, 0, joined, 0, carry.bytes.length);
      System.arraycopy(data, 0, joined, carry.bytes.length, data.length);
      data = joined;
      timestamp = carry.timestamp;
      carries.remove(key);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int held = scan(data, out, false);
    if (held < data.length) {
      byte[] rest = new byte[data.length - held];
      System.arraycopy(data, held, rest, 0, rest.length);
      // The released part keeps the original chunk's time; the held tail is stamped with the
      // time it arrived, which is when its line began.
      carries.put(key, new Carry(log.vertex(), log.stream(), rest, held == 0 ? timestamp : log.timestamp()));
    }
    if (out.size() > 0) {
      downstream.accept(new LogEvent(log.vertex(), log.stream(), out.toByteArray(), timestamp));
    }
  }

  private void flush(String vertex, int stream) {
    Carry carry = carries.remove(vertex + "\u0000" + stream);
    if (carry == null) {
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    scan(carry.bytes, out, true);
    downstream.accept(new LogEvent(vertex, stream, out.toByteArray(), carry.timestamp));
  }

  /**
   * Copies {@code data} to {@code out} with every pattern replaced. Unless {@code last}, stops at
   * the first position whose remaining bytes are a proper prefix of some pattern (more data might
   * complete it) and returns that position; otherwise returns {@code data.length}.
   */
  private int scan(byte[] data, ByteArrayOutputStream out, boolean last) {
    int i = 0;
    while (i < data.length) {
      int remaining = data.length - i;
      if (!last && couldContinue(data, i, remaining)) {
        return i;
      }
      byte[] match = matchAt(data, i);
      if (match != null) {
        out.writeBytes(MASK_BYTES);
        i += match.length;
      } else {
        out.write(data[i]);
        i++;
      }
    }
    return data.length;
  }

  private boolean couldContinue(byte[] data, int at, int remaining) {
    for (byte[] p : patterns) {
      if (p.length > remaining && regionMatches(data, at, p, remaining)) {
        return true;
      }
    }
    return false;
  }

  private byte[] matchAt(byte[] data, int at) {
    for (byte[] p : patterns) {
      if (p.length <= data.length - at && regionMatches(data, at, p, p.length)) {
        return p;
      }
    }
    return null;
  }

  private static boolean regionMatches(byte[] data, int at, byte[] pattern, int length) {
    for (int k = 0; k < length; k++) {
      if (data[at + k] != pattern[k]) {
        return false;
      }
    }
    return true;
  }

  private record Carry(String vertex, int stream, byte[] bytes, Instant timestamp) {}
}
