package io.multiarchbuild.engine.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The server's log next to its socket: start, stop, and per request the command name, exit code
 * and duration. Never arguments or environment: they may carry secrets. Capped: past {@link
 * #CAP} bytes it is renamed to {@code .1} (replacing the previous one) and starts afresh.
 */
final class ServerLog {

  static final long CAP = 1024 * 1024;

  private final Path file;

  ServerLog(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  synchronized void log(String line) {
    try {
      if (Files.exists(file) && Files.size(file) > CAP) {
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(file, Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // a log that cannot be written must not fail a build
    }
  }
}
