package org.kohsuke.stapler.verb;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Real meta-annotation (the HTTP-verb interceptor binding) is read by Stapler at runtime; omitted. */
@Target(METHOD)
@Retention(RUNTIME)
public @interface POST {}
