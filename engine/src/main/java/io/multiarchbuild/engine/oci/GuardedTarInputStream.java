package io.multiarchbuild.engine.oci;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * A tar reader that refuses oversized metadata records before commons-compress reads them into
 * memory: a PAX header ({@code x}/{@code g}) over {@link #MAX_PAX_HEADER} or a GNU long name/link
 * ({@code L}/{@code K}) over {@link #MAX_NAME} is rejected as soon as its header record is seen.
 */
final class GuardedTarInputStream extends TarArchiveInputStream {

  static final long MAX_PAX_HEADER = 1L << 20;
  static final long MAX_NAME = 64L * 1024;

  private static final int TYPE_OFFSET = 156;
  private static final int SIZE_OFFSET = 124;
  private static final int SIZE_LENGTH = 12;

  GuardedTarInputStream(InputStream in) {
    super(in, "UTF-8");
  }

  @Override
  protected byte[] readRecord() throws IOException {
    byte[] record = super.readRecord();
    if (record != null && record.length >= 512 && TarUtils.verifyCheckSum(record)) {
      byte type = record[TYPE_OFFSET];
      long size;
      try {
        size = TarUtils.parseOctalOrBinary(record, SIZE_OFFSET, SIZE_LENGTH);
      } catch (IllegalArgumentException e) {
        return record; // commons-compress reports a malformed size itself
      }
      boolean pax = type == TarConstants.LF_PAX_EXTENDED_HEADER_LC
          || type == TarConstants.LF_PAX_EXTENDED_HEADER_UC
          || type == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER;
      boolean gnuName = type == TarConstants.LF_GNUTYPE_LONGNAME || type == TarConstants.LF_GNUTYPE_LONGLINK;
      if ((pax && size > MAX_PAX_HEADER) || (gnuName && size > MAX_NAME)) {
        throw new UnsafeLayerException(
            TarUtils.parseName(record, 0, 100),
            "huge headers: a " + (pax ? "PAX" : "GNU long name") + " header of " + size + " bytes (limit "
                + (pax ? MAX_PAX_HEADER : MAX_NAME) + ")");
      }
    }
    return record;
  }
}
