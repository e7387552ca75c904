package io.multiarchbuild.engine.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS trust: the JVM's trust store, plus a registry's own CA certificates when it has a PEM file. */
final class TlsContexts {

  private TlsContexts() {}

  static SSLContext withExtraCa(String registry, Path pemFile) {
    try {
      List<X509Certificate> certs = new ArrayList<>();
      try (InputStream in = Files.newInputStream(pemFile)) {
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          certs.add((X509Certificate) c);
        }
      }
      if (certs.isEmpty()) {
        throw new CredentialError("CA file " + pemFile + " for " + registry + " holds no PEM certificate");
      }
      KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
      extra.load(null, null);
      for (int i = 0; i < certs.size(); i++) {
        extra.setCertificateEntry("ca-" + i, certs.get(i));
      }
      X509TrustManager custom = trustManager(extra);
      X509TrustManager system = trustManager(null);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new EitherTrustManager(custom, system)}, null);
      return ctx;
    } catch (CertificateException e) {
      throw new CredentialError("CA file " + pemFile + " for " + registry + " is not PEM certificates: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new CredentialError("cannot read CA file " + pemFile + " for " + registry + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS setup failed", e);
    }
  }

  private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(ks);
    for (TrustManager tm : f.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("no X509TrustManager");
  }

  /** Trusts a server chain that either trust manager accepts. */
  private static final class EitherTrustManager implements X509TrustManager {
    private final X509TrustManager first;
    private final X509TrustManager second;

    EitherTrustManager(X509TrustManager first, X509TrustManager second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      second.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        first.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        second.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      X509Certificate[] a = first.getAcceptedIssuers();
      X509Certificate[] b = second.getAcceptedIssuers();
      X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      return all;
    }
  }
}
