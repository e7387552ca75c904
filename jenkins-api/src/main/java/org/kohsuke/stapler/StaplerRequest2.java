package org.kohsuke.stapler;

/**
 * Memberless here: only the parameter type of {@code Descriptor.configure(StaplerRequest2, JSONObject)}.
 * The real interface extends {@code jakarta.servlet.http.HttpServletRequest}.
 */
public interface StaplerRequest2 {}
