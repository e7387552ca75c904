package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds records of any op type by reflection, with seeded random values for every component, so
 * the canonical-encoding test covers shapes no Dockerfile produces and components added later.
 */
final class RecordGenerator {
  /** Records written as strings (toString), not as objects. */
  static final Set<Class<?>> SCALARS = Set.of(Digest.class, Platform.class);

  private static final String[] PIECES = {
    "a", "Z", "0", "9", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u0007", "\u001b", "\u001f", "\u007f",
    "\u0080", "\u00a0", "é", "ß", "中", "\u2028", "\u2029", "\uFEFF", "\uFFFF", "\uD83D\uDC33", "\uD83D", "\uDC33", "<", ">", "&", "'",
    "${X}", "$", "=", ":", ",", "--", "http://", "sha256:", "null", "true", "[]", "{}"
  };
  private static final List<Platform> PLATFORMS =
      List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.parse("linux/arm/v7"), Platform.parse("windows/amd64"),
          Platform.parse("linux/riscv64"));

  private final Random random;
  private final boolean nulls;

  /** @param nulls whether nullable components (not collections or primitives) are sometimes null */
  RecordGenerator(long seed, boolean nulls) {
    this.random = new Random(seed);
    this.nulls = nulls;
  }

  Object record(Class<?> type) throws Exception {
    RecordComponent[] rcs = type.getRecordComponents();
    Class<?>[] types = new Class<?>[rcs.length];
    Object[] values = new Object[rcs.length];
    for (int i = 0; i < rcs.length; i++) {
      types[i] = rcs[i].getType();
      values[i] = value(rcs[i].getGenericType());
    }
    Constructor<?> c = type.getDeclaredConstructor(types);
    c.setAccessible(true);
    return c.newInstance(values);
  }

  private Object value(Type type) throws Exception {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      int n = nulls ? random.nextInt(4) : 1 + random.nextInt(3);
      if (raw == List.class) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          out.add(nonNull(args[0]));
        }
        return out;
      }
      if (raw == Map.class) {
        Map<Object, Object> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
          out.put(nonNull(args[0]), value(args[1]));
        }
        return out;
      }
      throw new IllegalStateException("no generator for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c.isPrimitive()) {
      return primitive(c);
    }
    if (nulls && random.nextInt(5) == 0) {
      return null;
    }
    return nonNull(c);
  }

  private Object nonNull(Type type) throws Exception {
    if (!(type instanceof Class<?> c)) {
      return value(type);
    }
    if (c == String.class) {
      StringBuilder b = new StringBuilder();
      for (int i = random.nextInt(8); i > 0; i--) {
        b.append(random.nextInt(6) == 0 ? String.valueOf((char) random.nextInt(0x10000)) : PIECES[random.nextInt(PIECES.length)]);
      }
      return b.toString();
    }
    if (c == Boolean.class) {
      return random.nextBoolean();
    }
    if (c == Integer.class) {
      return random.nextBoolean() ? random.nextInt() : random.nextInt(01000);
    }
    if (c == Long.class) {
      return random.nextBoolean() ? random.nextLong() : (long) random.nextInt(100);
    }
    if (c == Digest.class) {
      return Digest.sha256(String.valueOf(random.nextLong()));
    }
    if (c == Platform.class) {
      return PLATFORMS.get(random.nextInt(PLATFORMS.size()));
    }
    if (c.isEnum()) {
      Object[] constants = c.getEnumConstants();
      return constants[random.nextInt(constants.length)];
    }
    if (c.isRecord()) {
      return record(c);
    }
    throw new IllegalStateException("no generator for " + c);
  }

  private Object primitive(Class<?> c) {
    if (c == boolean.class) {
      return random.nextBoolean();
    }
    if (c == int.class) {
      return random.nextInt();
    }
    if (c == long.class) {
      return random.nextBoolean() ? random.nextLong() : random.nextInt(1 << 20);
    }
    throw new IllegalStateException("no generator for " + c);
  }
}
