import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerWriter;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Times LayerWriter (directory scan + tar + hashing + compression) on a directory:
 * {@code java LayerWriterBench <dir> <gzip|zstd|none> <threads>}. Does one JIT warm-up run, then
 * prints "wall cpu" seconds of a second run (cpu = the whole process's user+sys time).
 */
public class LayerWriterBench {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Compression c = Compression.valueOf(args[1].toUpperCase());
    int threads = Integer.parseInt(args[2]);
    LayerWriter w = new LayerWriter(LayerWriter.Options.defaults().withCompression(c, -1).withThreads(threads));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    w.write(LayerWriter.entriesOf(dir), OutputStream.nullOutputStream());
    long t0 = System.nanoTime();
    long c0 = os.getProcessCpuTime();
    Layer l = w.write(LayerWriter.entriesOf(dir), OutputStream.nullOutputStream());
    System.out.printf("%.2f %.2f %d%n", (System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9, l.blob().size());
  }
}
