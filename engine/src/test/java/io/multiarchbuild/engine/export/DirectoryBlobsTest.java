package io.multiarchbuild.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryBlobsTest {

  @TempDir Path tmp;

  private static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void add_blobLargerThanTheWritebackUnit_writtenInOddPieces_isStoredWhole() throws IOException {
    // Crosses the early-writeback threshold twice, so the background flushes run while it is written.
    byte[] data = random(1, (int) (2 * SyncedFileOutput.WRITEBACK_UNIT + 12345));
    Digest d = Digest.sha256(data);
    Blobs blobs = Blobs.directory(tmp);
    Random pieces = new Random(2);
    blobs.add(d, out -> {
      for (int pos = 0; pos < data.length; ) {
        int n = Math.min(data.length - pos, 1 + pieces.nextInt(3 << 20));
        out.write(data, pos, n);
        pos += n;
      }
    });
    assertThat(Files.readAllBytes(blobs.path(d).orElseThrow())).isEqualTo(data);
    assertThat(tmp.resolve("sha256").toFile().list()).containsExactly(d.hex());
  }

  @Test
  void add_bytesNotMatchingTheDigest_storeNothing() {
    byte[] data = random(3, (int) SyncedFileOutput.WRITEBACK_UNIT + 1);
    Digest other = Digest.sha256(random(4, 10));
    Blobs blobs = Blobs.directory(tmp);
    assertThatThrownBy(() -> blobs.add(other, out -> out.write(data)))
        .isInstanceOf(IOException.class).hasMessageContaining("expected " + other);
    assertThat(blobs.contains(other)).isFalse();
    assertThat(tmp.resolve("sha256").toFile().list()).as("no temporary file left").isEmpty();
  }

  @Test
  void addVerified_writerFails_storesNothing() {
    Blobs blobs = Blobs.directory(tmp);
    Digest d = Digest.sha256(random(5, 10));
    assertThatThrownBy(() -> blobs.addVerified(d, out -> {
      out.write(random(6, (int) SyncedFileOutput.WRITEBACK_UNIT + 5));
      throw new IOException("connection lost");
    })).hasMessage("connection lost");
    assertThat(blobs.contains(d)).isFalse();
    assertThat(tmp.resolve("sha256").toFile().list()).as("no temporary file left").isEmpty();
  }
}
