package io.multiarchbuild.engine.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link BuildPlan} for people (an indented tree per platform) and for programs (JSON,
 * format documented in {@code docs/plan-json.md}; field order is fixed, so equal plans render to
 * equal bytes).
 */
public final class PlanRenderer {
  private PlanRenderer() {}

  // Ops and configs as the cache-key encoding shows them (sorted properties, Digest/Platform as
  // strings). Reflective, which costs start-up time, but only the plan command renders JSON.
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .addModule(
              new SimpleModule("canonical")
                  .addSerializer(Digest.class, ToStringSerializer.instance)
                  .addSerializer(Platform.class, ToStringSerializer.instance))
          .build();

  /** Version of the JSON document; bump on incompatible changes. */
  public static final String SCHEMA = "multiarch-build.plan/v1";

  public static String json(BuildPlan plan) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("dockerfile", plan.fileName());
    root.put("target", plan.target());
    ArrayNode warnings = root.putArray("warnings");
    plan.warnings().forEach(warnings::add);
    ArrayNode platforms = root.putArray("platforms");
    for (PlatformPlan p : plan.platforms()) {
      ObjectNode pn = platforms.addObject();
      pn.put("platform", p.platform().toString());
      pn.put("target", p.target());
      ArrayNode stages = pn.putArray("stages");
      for (PlannedStage s : p.stages()) {
        ObjectNode sn = stages.addObject();
        sn.put("index", s.index());
        sn.put("name", s.name());
        sn.put("platform", s.platform().toString());
        sn.put("base", s.base());
        ArrayNode deps = sn.putArray("dependsOn");
        s.dependsOn().forEach(deps::add);
        ArrayNode steps = sn.putArray("steps");
        s.steps().forEach(k -> steps.add(k.toString()));
        sn.put("rootfs", s.rootfs().toString());
        sn.put("result", s.result().toString());
        sn.set("config", JSON.valueToTree(s.config()));
      }
      ArrayNode ops = pn.putArray("ops");
      for (Step st : p.steps()) {
        ObjectNode on = ops.addObject();
        on.put("key", st.key().toString());
        on.put("kind", st.op().kind());
        on.put("name", st.name());
        on.put("stage", st.stageIndex());
        on.put("line", st.line());
        ArrayNode inputs = on.putArray("inputs");
        st.op().inputs().forEach(k -> inputs.add(k.toString()));
        ObjectNode def = JSON.valueToTree(st.op());
        if (st.op() instanceof Exec e) {
          // Names only: proxy URLs may carry credentials.
          ArrayNode proxy = def.putArray("proxyEnv");
          e.proxyEnv().keySet().forEach(proxy::add);
        }
        on.set("op", def);
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plan can't be rendered", e);
    }
  }

  public static String text(BuildPlan plan) {
    StringBuilder b = new StringBuilder();
    b.append(plan.fileName()).append(": target ").append(plan.target()).append('\n');
    for (String w : plan.warnings()) {
      b.append("warning: ").append(w).append('\n');
    }
    for (PlatformPlan p : plan.platforms()) {
      b.append('\n').append("platform ").append(p.platform()).append('\n');
      for (PlannedStage s : p.stages()) {
        b.append("  stage ").append(s.index()).append(' ').append(s.name()).append(" (").append(s.platform()).append(", from ")
            .append(s.base()).append(')');
        if (!s.dependsOn().isEmpty()) {
          b.append(" needs ")
              .append(s.dependsOn().stream().map(i -> stageName(p, i)).collect(Collectors.joining(", ")));
        }
        if (s.index() == p.target()) {
          b.append(" [target]");
        }
        b.append('\n');
        java.util.Set<Digest> own = new java.util.HashSet<>(s.steps());
        for (Step st : p.steps()) {
          boolean shared = st.stageIndex() != s.index();
          if (shared && !own.contains(st.key())) {
            continue;
          }
          b.append("    ").append(st.key().shortHex()).append("  ").append(String.format("%-8s", st.op().kind())).append(' ').append(st.name());
          if (shared) {
            b.append("  (same op as in ").append(stageName(p, st.stageIndex())).append(')');
          }
          List<Digest> in = st.op().inputs();
          if (!in.isEmpty()) {
            b.append("  <- ").append(in.stream().map(Digest::shortHex).collect(Collectors.joining(", ")));
          }
          b.append('\n');
        }
      }
    }
    return b.toString();
  }

  private static String stageName(PlatformPlan p, int index) {
    return p.stages().stream().filter(s -> s.index() == index).map(PlannedStage::name).findFirst().orElse("stage-" + index);
  }
}
