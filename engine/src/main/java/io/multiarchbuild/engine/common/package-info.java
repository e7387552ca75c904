/**
 * The bottom of the engine: the user-error base type and tiny helpers every package may use.
 * Imports nothing of the engine.
 */
package io.multiarchbuild.engine.common;
