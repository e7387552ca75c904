package io.multiarchbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.dockerfile.RunMount.MountType;
import org.junit.jupiter.api.Test;

class RunMountTest {

  private static RunMount parse(String value) {
    return RunMount.parse(value, v -> v, "Dockerfile", 4);
  }

  private static void fails(String value, String detail) {
    assertThatThrownBy(() -> parse(value)).isInstanceOf(DockerfileError.class).hasMessage("Dockerfile:4: " + detail);
  }

  @Test
  void bind_isTheDefaultTypeAndReadOnly() {
    RunMount m = parse("target=/src");
    assertThat(m.type()).isEqualTo(MountType.BIND);
    assertThat(m.readOnly()).isTrue();
    assertThat(parse("target=/src,rw").readOnly()).isFalse();
    assertThat(parse("type=bind,from=build,source=/out,dst=/in,readwrite=true").from()).isEqualTo("build");
  }

  @Test
  void cache_defaultsIdSharingModeAndOwner() {
    RunMount m = parse("type=cache,target=/root/.cache/go-build");
    assertThat(m.readOnly()).isFalse();
    assertThat(m.id()).isEqualTo("/root/.cache/go-build");
    assertThat(m.sharing()).isEqualTo("shared");
    assertThat(m.mode()).isEqualTo(0755);
    assertThat(m.uid()).isZero();
    RunMount locked = parse("type=cache,target=/var/cache/apt,sharing=locked,id=apt,mode=0777,uid=1000,gid=1000");
    assertThat(locked).extracting(RunMount::sharing, RunMount::id, RunMount::mode, RunMount::uid).containsExactly("locked", "apt", 0777, 1000);
  }

  @Test
  void secret_defaultsTargetFromIdAndSupportsEnv() {
    RunMount s = parse("type=secret,id=npmrc");
    assertThat(s.target()).isEqualTo("/run/secrets/npmrc");
    assertThat(s.mode()).isEqualTo(0400);
    assertThat(s.readOnly()).isTrue();
    RunMount byTarget = parse("type=secret,target=/root/.netrc,required");
    assertThat(byTarget.id()).isEqualTo(".netrc");
    assertThat(byTarget.required()).isTrue();
    RunMount env = parse("type=secret,id=token,env=GITHUB_TOKEN");
    assertThat(env.target()).isNull();
    assertThat(env.env()).isEqualTo("GITHUB_TOKEN");
  }

  @Test
  void ssh_defaultsIdAndMode() {
    RunMount s = parse("type=ssh");
    assertThat(s.id()).isEqualTo("default");
    assertThat(s.mode()).isEqualTo(0600);
    assertThat(s.target()).isNull();
  }

  @Test
  void tmpfs_acceptsSize() {
    assertThat(parse("type=tmpfs,target=/tmp,size=64m").sizeBytes()).isEqualTo(64L * 1024 * 1024);
    fails("type=tmpfs,target=/tmp,size=lots", "invalid value for size in --mount: lots (e.g. 64m, 1g)");
  }

  @Test
  void optionMatrix_rejectsKeysThatDoNotApply() {
    fails("type=bind,target=/a,sharing=locked", "sharing is only allowed for cache mounts, not bind");
    fails("type=secret,id=a,sharing=locked", "sharing is only allowed for cache mounts, not secret");
    fails("type=tmpfs,target=/a,mode=0700", "mode is not allowed for tmpfs mounts (only cache, secret and ssh)");
    fails("type=bind,target=/a,uid=1", "uid is not allowed for bind mounts (only cache, secret and ssh)");
    fails("type=cache,target=/a,size=1m", "unexpected key 'size' for mount type 'cache' (only tmpfs has a size)");
    fails("type=cache,target=/a,required", "unexpected key 'required' for mount type 'cache' (only secret and ssh)");
    fails("type=secret,id=a,from=build", "secret mounts can't have 'from' (only bind and cache mounts read another stage)");
    fails("type=secret", "secret mount needs one of id, source or target (e.g. --mount=type=secret,id=npmrc)");
    fails("type=secret,id=a,source=b", "secret mount can't set both source and id; use id");
    fails("type=cache", "cache mount needs a target (e.g. --mount=type=cache,target=/path)");
  }

  @Test
  void unknownKeysAndTypes_getSuggestions() {
    fails("type=cache,taget=/a", "unexpected key 'taget' in 'taget=/a' of --mount (did you mean target?)");
    fails("type=cahce,target=/a", "unsupported mount type \"cahce\" (did you mean cache?)");
    fails("type=cache,target=/a,sharing=lock", "unsupported sharing value \"lock\" (did you mean locked?)");
    fails("type=cache,target", "invalid field 'target' in --mount: it must be a key=value pair");
    fails("type=cache,target=/a,mode=999", "invalid value 999 for mode in --mount (expected octal, e.g. 0755)");
  }

  @Test
  void from_rejectsVariables() {
    fails("type=bind,from=$STAGE,target=/a",
        "'from' in --mount doesn't support variable expansion; define an alias stage instead (FROM $STAGE AS name) and mount from=name");
  }

  @Test
  void valuesAreExpandedAndUnknownValuesSkipChecks() {
    RunMount m = RunMount.parse("type=cache,target=$DIR,id=$ID", v -> v.replace("$DIR", "/go").replace("$ID", "gomod"), "Dockerfile", 4);
    assertThat(m.target()).isEqualTo("/go");
    assertThat(m.id()).isEqualTo("gomod");
    RunMount early = RunMount.parse("type=$T,target=/a,size=1m", v -> v.contains("$") ? null : v, "Dockerfile", 4);
    assertThat(early).isNotNull();
  }
}
