package io.multiarchbuild.jenkins.step;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsDescriptor;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.util.Secret;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Small implementations of the credentials plugins' interfaces, and a lookup over them that records tracking. */
final class FakeCredentials implements CredentialLookup {
  final Map<String, IdCredentials> byId = new LinkedHashMap<>();
  final List<String> tracked = new ArrayList<>();

  FakeCredentials add(IdCredentials c) {
    byId.put(c.getId(), c);
    return this;
  }

  @Override
  public IdCredentials find(String id) {
    return byId.get(id);
  }

  @Override
  public void track(IdCredentials credential) {
    tracked.add(credential.getId());
  }

  abstract static class Base {
    final String id;

    Base(String id) {
      this.id = id;
    }

    public String getId() {
      return id;
    }

    public String getDescription() {
      return "";
    }

    public CredentialsScope getScope() {
      return CredentialsScope.GLOBAL;
    }

    public CredentialsDescriptor getDescriptor() {
      throw new UnsupportedOperationException("not needed by the plugin");
    }
  }

  static final class Text extends Base implements StringCredentials {
    private final String value;

    Text(String id, String value) {
      super(id);
      this.value = value;
    }

    @Override
    public Secret getSecret() {
      return Secret.fromString(value);
    }
  }

  static final class File extends Base implements FileCredentials {
    private final byte[] content;

    File(String id, byte[] content) {
      super(id);
      this.content = content;
    }

    @Override
    public String getFileName() {
      return ".npmrc";
    }

    @Override
    public InputStream getContent() {
      return new ByteArrayInputStream(content);
    }
  }

  static final class SshKey extends Base implements SSHUserPrivateKey {
    private final List<String> keys;
    private final String passphrase;

    SshKey(String id, List<String> keys, String passphrase) {
      super(id);
      this.keys = keys;
      this.passphrase = passphrase;
    }

    @Override
    public String getUsername() {
      return "git";
    }

    @Override
    public List<String> getPrivateKeys() {
      return keys;
    }

    @Override
    public Secret getPassphrase() {
      return passphrase == null ? null : Secret.fromString(passphrase);
    }
  }

  static final class Login extends Base implements StandardUsernamePasswordCredentials {
    private final String user;
    private final String password;

    Login(String id, String user, String password) {
      super(id);
      this.user = user;
      this.password = password;
    }

    @Override
    public String getUsername() {
      return user;
    }

    @Override
    public Secret getPassword() {
      return Secret.fromString(password);
    }
  }
}
