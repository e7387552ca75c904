package io.multiarchbuild.engine.registry;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The {@link SSLContext} handed to the HTTP client of a plain-HTTP registry, which never speaks TLS
 * ({@link Endpoint#client} gives https URLs a real TLS client). {@code HttpClient} insists on a context;
 * without one it builds the JVM default (trust store), and even {@code SSLContext.getInstance("TLS")}
 * loads and initialises the security providers up to SunJSSE: 0.27 s CPU of a 0.55 s fresh JVM that
 * builds one client. This one is constructed directly and refuses to be used.
 */
final class PlainHttpContext extends SSLContext {

  PlainHttpContext() {
    super(new Refusing(), null, "TLS");
  }

  private static final class Refusing extends SSLContextSpi {
    private static IllegalStateException refused() {
      return new IllegalStateException("TLS requested from the client of a plain-HTTP registry");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }
}
