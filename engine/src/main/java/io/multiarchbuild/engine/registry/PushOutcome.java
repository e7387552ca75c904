package io.multiarchbuild.engine.registry;

/** What a blob push did. */
public enum PushOutcome {
  /** The repository already had the blob; nothing was sent. */
  EXISTED,
  /** The registry linked the blob from another repository; nothing was sent. */
  MOUNTED,
  /** The bytes were uploaded. */
  UPLOADED
}
