package io.multiarchbuild.engine.oci;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PAX extended header ({@code x} record) of one entry, built here instead of by commons-compress
 * because its PAX values are Java strings encoded as UTF-8, which corrupts binary xattr values such as
 * {@code security.capability}. Records are sorted by key so equal entries give equal bytes.
 */
final class PaxHeader {

  static final long MAX_OCTAL_11 = 077777777777L;
  static final long MAX_OCTAL_7 = 07777777L;

  private PaxHeader() {}

  /** The PAX records {@code e} needs, or null when a plain ustar header says everything. */
  static byte[] recordsFor(LayerEntry e, String name, long mtimeSeconds) {
    Map<String, byte[]> records = new TreeMap<>();
    if (needsPax(name, 100)) {
      records.put("path", utf8(name));
    }
    if (e.linkTarget() != null && needsPax(e.linkTarget(), 100)) {
      records.put("linkpath", utf8(e.linkTarget()));
    }
    if (e.size() > MAX_OCTAL_11) {
      records.put("size", utf8(Long.toString(e.size())));
    }
    if (e.uid() > MAX_OCTAL_7 || e.uid() < 0) {
      records.put("uid", utf8(Long.toString(e.uid())));
    }
    if (e.gid() > MAX_OCTAL_7 || e.gid() < 0) {
      records.put("gid", utf8(Long.toString(e.gid())));
    }
    if (mtimeSeconds > MAX_OCTAL_11 || mtimeSeconds < 0) {
      records.put("mtime", utf8(Long.toString(mtimeSeconds)));
    }
    for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
      records.put("SCHILY.xattr." + x.getKey(), x.getValue());
    }
    return records.isEmpty() ? null : encode(records);
  }

  /** True when {@code s} does not fit a ustar field of {@code limit} bytes as plain ASCII. */
  static boolean needsPax(String s, int limit) {
    if (s.length() > limit) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80 || s.charAt(i) == 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code "<len> <key>=<value>\n"} per record, where len counts the whole record including itself. */
  static byte[] encode(Map<String, byte[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    for (Map.Entry<String, byte[]> r : records.entrySet()) {
      byte[] key = utf8(r.getKey());
      int body = key.length + r.getValue().length + 3; // ' ', '=', '\n'
      int len = body + Integer.toString(body).length();
      if (Integer.toString(len).length() != Integer.toString(body).length()) {
        len++; // the length's own digits pushed it past a power of ten
      }
      out.writeBytes(utf8(Integer.toString(len)));
      out.write(' ');
      out.writeBytes(key);
      out.write('=');
      out.writeBytes(r.getValue());
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** A short ASCII name for the header entry itself, as Go's tar does: {@code PaxHeaders.0/<base>}. */
  static String headerName(String name) {
    String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    base = base.substring(base.lastIndexOf('/') + 1);
    StringBuilder b = new StringBuilder("PaxHeaders.0/");
    for (int i = 0; i < base.length() && b.length() < 99; i++) {
      char c = base.charAt(i);
      b.append(c < 0x80 && c > 0x1f ? c : '_');
    }
    return b.toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
