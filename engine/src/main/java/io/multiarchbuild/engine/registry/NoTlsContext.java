package io.multiarchbuild.engine.registry;

import java.security.KeyManagementException;
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
 * The TLS context of a plain-HTTP registry's client. The JDK's HTTP client insists on a context even for
 * http:// requests; {@code SSLContext.getDefault()} parses the trust store and even
 * {@code SSLContext.getInstance("TLS")} loads the JSSE provider, its cipher suites and the crypto policy
 * (~0.1 s CPU of a cached build's ~1 s). This one is never used: {@link Endpoint#client} hands https
 * URLs to a real TLS client, so reaching it is a bug and says so.
 */
final class NoTlsContext extends SSLContext {

  NoTlsContext() {
    super(new Spi(), null, "none");
  }

  private static final class Spi extends SSLContextSpi {
    private static IllegalStateException bug() {
      return new IllegalStateException("a plain-HTTP registry client was asked for TLS");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
      throw bug();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw bug();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw bug();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw bug();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw bug();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw bug();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw bug();
    }
  }
}
