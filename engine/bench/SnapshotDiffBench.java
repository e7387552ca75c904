import com.sun.management.OperatingSystemMXBean;
import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.LayerWriter;
import io.multiarchbuild.engine.snapshot.Snapshot;
import io.multiarchbuild.engine.snapshot.Snapshotters;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A RUN's layer from an overlay upper dir: {@code Snapshot.diff()} + LayerWriter (gzip -1, 2 threads)
 * against {@code tar -C upper -c . | gzip -1 | sha256sum} on the same upper dir holding 20,000 small
 * files; 3 interleaved runs after one JIT warm-up, medians of wall and CPU seconds. Needs root.
 * {@code java SnapshotDiffBench <cache dir>}
 */
public class SnapshotDiffBench {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    LayerWriter w = new LayerWriter(LayerWriter.Options.defaults().withCompression(Compression.GZIP, 1).withThreads(2));
    try (Snapshot snap = Snapshotters.overlay(root).prepare("bench-" + System.nanoTime(), List.of())) {
      Random rnd = new Random(1);
      for (int i = 0; i < 20000; i++) {
        Path d = Files.createDirectories(snap.rootfs().resolve(String.format("d%03d", i % 200)));
        StringBuilder b = new StringBuilder();
        int n = 200 + rnd.nextInt(5800);
        while (b.length() < n) {
          b.append("word").append(rnd.nextInt(2000)).append(' ');
        }
        Files.writeString(d.resolve(String.format("f%05d.txt", i)), b.substring(0, n), StandardCharsets.US_ASCII);
      }
      Path upper = root.toRealPath().resolve("snapshots").resolve(snap.id()).resolve("upper");
      w.write(snap.diff(), OutputStream.nullOutputStream()); // JIT warm-up
      List<double[]> java = new ArrayList<>();
      List<double[]> shell = new ArrayList<>();
      List<double[]> walk = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Process p = new ProcessBuilder("/usr/bin/time", "-f", "%e %U %S", "sh", "-c", "tar -C '" + upper + "' -c . | gzip -1 | sha256sum >/dev/null")
            .redirectErrorStream(true).start();
        String[] t = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+");
        p.waitFor();
        shell.add(new double[] {Double.parseDouble(t[0]), Double.parseDouble(t[1]) + Double.parseDouble(t[2])});
        long t0 = System.nanoTime();
        long c0 = os.getProcessCpuTime();
        w.write(snap.diff(), OutputStream.nullOutputStream());
        java.add(new double[] {(System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9});
        t0 = System.nanoTime();
        c0 = os.getProcessCpuTime();
        snap.diff();
        walk.add(new double[] {(System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9});
      }
      System.out.printf("tar|gzip -1|sha256sum   wall %.2fs cpu %.2fs   runs %s%n", med(shell, 0), med(shell, 1), show(shell));
      System.out.printf("diff()+LayerWriter gzip wall %.2fs cpu %.2fs   runs %s%n", med(java, 0), med(java, 1), show(java));
      System.out.printf("diff() alone            wall %.2fs cpu %.2fs   runs %s%n", med(walk, 0), med(walk, 1), show(walk));
      System.out.printf("load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }
  }

  private static double med(List<double[]> runs, int col) {
    List<Double> v = new ArrayList<>();
    runs.forEach(r -> v.add(r[col]));
    Collections.sort(v);
    return v.get(v.size() / 2);
  }

  private static String show(List<double[]> runs) {
    StringBuilder b = new StringBuilder();
    runs.forEach(r -> b.append(String.format("%.2f/%.2f ", r[0], r[1])));
    return b.toString().trim();
  }
}
