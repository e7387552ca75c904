package org.kohsuke.stapler;

/** Memberless here: the plugin only returns values of Jenkins types that implement it. */
public interface HttpResponse {}
