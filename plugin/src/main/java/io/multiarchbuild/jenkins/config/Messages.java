package io.multiarchbuild.jenkins.config;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Display and validation texts from {@code Messages.properties} next to this class. Jenkins plugins
 * normally get a generated {@code Messages} class from maven-localizer-plugin, which is not on Maven
 * Central; this accessor reads the same kind of bundle (MessageFormat patterns, localizable by
 * {@code Messages_<lang>.properties}).
 */
final class Messages {
  private static final String BUNDLE = "io.multiarchbuild.jenkins.config.Messages";

  private Messages() {}

  static String get(String key, Object... args) {
    ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, Locale.getDefault(), Messages.class.getClassLoader());
    return new MessageFormat(bundle.getString(key), Locale.ROOT).format(args);
  }
}
