package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.progress.VertexHandle;
import io.multiarchbuild.engine.solver.SolveListener;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/** Solver events → BuildKit-style progress vertices (started, CACHED, DONE, ERROR, CANCELED); hidden vertices print nothing. */
final class ProgressBridge implements SolveListener {

  private final Session session;

  ProgressBridge(Session session) {
    this.session = session;
  }

  private VertexHandle v(String key, String name) {
    return session.vertex(key, name);
  }

  @Override
  public void vertexStarted(String key, String name) {
    if (session.hidden(key)) {
      return;
    }
    v(key, name).started();
  }

  @Override
  public void vertexCached(String key, String name) {
    if (session.hidden(key)) {
      return;
    }
    v(key, name).cached();
  }

  @Override
  public void vertexCompleted(String key, String name, Duration duration) {
    if (session.hidden(key)) {
      return;
    }
    v(key, name).completed();
  }

  @Override
  public void vertexFailed(String key, String name, Throwable error) {
    if (session.hidden(key)) {
      return;
    }
    if (error instanceof CancellationException || error instanceof InterruptedException) {
      v(key, name).canceled();
    } else {
      v(key, name).failed(Build.message(error));
    }
  }

  @Override
  public void vertexCanceled(String key, String name) {
    if (session.hidden(key)) {
      return;
    }
    v(key, name).canceled();
  }
}
