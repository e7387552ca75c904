package org.jenkins.ui.icon;

/** Memberless here: only a supertype of {@code CredentialsProvider}. */
public interface IconSpec {}
