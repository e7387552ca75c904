package net.sf.json;

/**
 * Memberless here: only the parameter type of {@code Descriptor.configure(StaplerRequest2, JSONObject)}.
 * The real class (Jenkins' json-lib fork, bundled by core) is {@code public final class JSONObject
 * extends AbstractJSON implements JSON, Map, Comparable}; supertypes do not affect linking of a
 * parameter type.
 */
public final class JSONObject {
  private JSONObject() { throw new UnsupportedOperationException(); }
}
