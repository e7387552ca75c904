package org.jvnet.hudson.annotation_indexer;

/** Memberless here: only named by {@link Indexed#validators()}. */
public interface Validator {}
