package io.multiarchbuild.engine.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The bytes of a blob to upload, readable more than once from any offset, because a failed upload is
 * re-sent and a chunked upload sends slices.
 */
public interface BlobSource {

  long size();

  /** A stream of the bytes from {@code offset} to the end. */
  InputStream openAt(long offset) throws IOException;

  /**
   * The file that holds exactly these bytes, when there is one: an upload then sends the file's
   * pages to the socket without copying them through the heap.
   */
  default Optional<Path> file() {
    return Optional.empty();
  }

  static BlobSource ofBytes(byte[] bytes) {
    byte[] copy = bytes.clone();
    return new BlobSource() {
      @Override
      public long size() {
        return copy.length;
      }

      @Override
      public InputStream openAt(long offset) {
        return new ByteArrayInputStream(copy, (int) offset, copy.length - (int) offset);
      }
    };
  }

  static BlobSource ofFile(Path file) throws IOException {
    long size = java.nio.file.Files.size(file);
    return new BlobSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public Optional<Path> file() {
        return Optional.of(file);
      }

      @Override
      public InputStream openAt(long offset) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(offset);
        return Channels.newInputStream(ch);
      }
    };
  }
}
