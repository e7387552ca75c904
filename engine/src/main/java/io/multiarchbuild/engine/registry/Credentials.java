package io.multiarchbuild.engine.registry;

import java.util.Objects;

/**
 * Credentials for one registry: a username and password (or access token used as a password), or an
 * identity token (an OAuth2 refresh token, as {@code docker login} stores for some registries).
 * {@link #toString()} never shows secrets.
 *
 * @param username the user name, or null with an identity token
 * @param password the password, or null with an identity token
 * @param identityToken the refresh token, or null
 */
public record Credentials(String username, String password, String identityToken) {

  public Credentials {
    if (identityToken == null) {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }
  }

  public static Credentials basic(String username, String password) {
    return new Credentials(username, password, null);
  }

  public static Credentials identityToken(String token) {
    return new Credentials(null, null, token);
  }

  boolean hasPassword() {
    return username != null && password != null;
  }

  @Override
  public String toString() {
    return identityToken != null ? "Credentials[identity token]" : "Credentials[" + username + ", ****]";
  }
}
