package io.multiarchbuild.jenkins.page;

import hudson.model.Action;
import hudson.model.Run;
import java.io.File;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import jenkins.tasks.SimpleBuildStep;

/**
 * The build-page action of one {@code multiArchBuild} invocation: a summary row on the build page
 * ({@code summary.jelly}) and its own page ({@code index.jelly}) with every platform's steps.
 *
 * <p>Jenkins keeps actions in memory with their run and writes them into {@code build.xml}, so this
 * object holds only the one-line summary and the name of the {@link BuildRecord} file in the run's
 * directory; the record (steps and logs) is read when the page is opened, and held only softly.
 * Several invocations in one run get one action each, told apart by {@link #getIndex()}.
 */
public final class MultiArchBuildAction implements RunAction2, SimpleBuildStep.LastBuildAction {

  private static final Logger LOGGER = Logger.getLogger(MultiArchBuildAction.class.getName());

  /** Folder in the run directory that holds the records. */
  static final String RECORD_DIR = "multiarch-build";
  static final String URL_NAME = "multiarch-build";

  private final int index;
  private final String recordFile;
  private final String imageName;
  private final String digest;
  private final LinkedHashMap<String, String> platforms;
  private final String cacheHit;
  private final long totalMillis;

  private transient Run<?, ?> run;
  private transient File runDir;
  private transient SoftReference<BuildRecord> cached;

  MultiArchBuildAction(int index, String recordFile, BuildRecord record) {
    if (index < 1) {
      throw new IllegalArgumentException("index starts at 1: " + index);
    }
    this.index = index;
    this.recordFile = recordFile;
    this.imageName = record.imageName();
    this.digest = record.digest();
    this.platforms = new LinkedHashMap<>();
    for (BuildRecord.PlatformRecord p : record.platforms()) {
      platforms.put(p.platform(), p.digest());
    }
    this.cacheHit = record.cacheHitText();
    this.totalMillis = record.totalMillis();
  }

  /**
   * Writes {@code record} into {@code run}'s directory and adds its action to the run (the next
   * free index, so parallel branches each get their own page). Call once per invocation.
   */
  public static MultiArchBuildAction attach(Run<?, ?> run, BuildRecord record) throws IOException {
    synchronized (run) {
      int next = run.getActions(MultiArchBuildAction.class).size() + 1;
      MultiArchBuildAction action = save(run.getRootDir().toPath(), next, record);
      run.addAction(action);
      return action;
    }
  }

  /** Writes the record file for invocation {@code index} under {@code runDir}; the action is not attached. */
  static MultiArchBuildAction save(Path runDir, int index, BuildRecord record) throws IOException {
    String file = RECORD_DIR + "/" + index + ".json";
    record.write(runDir.resolve(file));
    MultiArchBuildAction action = new MultiArchBuildAction(index, file, record);
    action.runDir = runDir.toFile();
    action.cached = new SoftReference<>(record);
    return action;
  }

  @Override
  public void onAttached(Run<?, ?> r) {
    this.run = r;
    this.runDir = r.getRootDir();
  }

  @Override
  public void onLoad(Run<?, ?> r) {
    this.run = r;
    this.runDir = r.getRootDir();
  }

  /** The run this action belongs to (the page includes its side panel); null before it is attached. */
  public Run<?, ?> getRun() {
    return run;
  }

  /**
   * The full record, read from the run directory on first use after a restart; null when the file is
   * gone or unreadable (the page then says so instead of failing).
   */
  public BuildRecord getRecord() {
    BuildRecord r = cached == null ? null : cached.get();
    if (r != null || runDir == null) {
      return r;
    }
    Path file = runDir.toPath().resolve(recordFile);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      r = BuildRecord.read(file);
    } catch (IOException e) {
      LOGGER.log(Level.WARNING, "cannot read multi-arch build record " + file, e);
      return null;
    }
    cached = new SoftReference<>(r);
    return r;
  }

  public int getIndex() {
    return index;
  }

  /** The record's file, relative to the run directory. */
  public String getRecordFile() {
    return recordFile;
  }

  public String getImageName() {
    return imageName;
  }

  public String getDigest() {
    return digest;
  }

  /** Platform → manifest digest, sorted by platform. */
  public Map<String, String> getPlatforms() {
    return Collections.unmodifiableMap(platforms);
  }

  public String getCacheHit() {
    return cacheHit;
  }

  public String getTotalTime() {
    return BuildRecord.seconds(totalMillis);
  }

  @Override
  public String getIconFileName() {
    return "symbol-cube";
  }

  @Override
  public String getDisplayName() {
    return index == 1 ? "Multi-arch image" : "Multi-arch image " + index;
  }

  @Override
  public String getUrlName() {
    return index == 1 ? URL_NAME : URL_NAME + "-" + index;
  }

  /** On the job page, while this is the last successful build: the image it produced. */
  @Override
  public Collection<? extends Action> getProjectActions() {
    return List.of(new LastImageProjectAction(this));
  }
}
