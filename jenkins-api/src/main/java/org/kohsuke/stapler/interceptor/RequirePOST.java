package org.kohsuke.stapler.interceptor;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Real meta-annotation (the interceptor binding) is read by Stapler at runtime; omitted. */
@Target({METHOD, FIELD})
@Retention(RUNTIME)
public @interface RequirePOST {}
