package io.multiarchbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

  private static final Function<String, String> ENV =
      Map.of("A", "1", "B", "", "C", "x y")::get;

  private final ShellWords shell = ShellWords.of('\\');

  @Test
  void of_acceptsOnlyTheTwoDockerfileEscapes() {
    assertThat(ShellWords.of('`').escape()).isEqualTo('`');
    assertThat(ShellWords.of('\\').escape()).isEqualTo('\\');
    assertThatThrownBy(() -> ShellWords.of('^')).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void process_reportsSetAndUnsetNamesInFirstReferenceOrder() {
    Expansion e = shell.process("$Z ${A} ${Y:-$B} $A $Z", ENV);

    assertThat(e.value()).isEqualTo(" 1  1 ");
    assertThat(e.matched()).containsExactly("A", "B");
    assertThat(e.unmatched()).containsExactly("Z", "Y");
  }

  @Test
  void process_countsAVariableInsideAnUnusedDefaultAsReferenced() {
    // BuildKit expands the word of a modifier before it looks at the variable, so $B is "used"
    // even though A is set and the default is thrown away.
    Expansion e = shell.process("${A:-$B}", ENV);

    assertThat(e.value()).isEqualTo("1");
    assertThat(e.matched()).containsExactly("B", "A");
  }

  @Test
  void process_reportsSpecialParametersUnderTheirOwnName() {
    assertThat(shell.process("$1 $@ $$", ENV).unmatched()).containsExactly("1", "@", "$");
  }

  @Test
  void process_doesNotLookUpNamesInsideSingleQuotesOrEscaped() {
    Expansion e = shell.process("'$A' \\$B", ENV);

    assertThat(e.value()).isEqualTo("$A $B");
    assertThat(e.matched()).isEmpty();
    assertThat(e.unmatched()).isEmpty();
  }

  @Test
  void process_givesValueAndWordsTogether() {
    Expansion e = shell.process("a $C 'q r'", ENV);

    assertThat(e.value()).isEqualTo("a x y q r");
    assertThat(e.words()).containsExactly("a", "x", "y", "q r");
  }

  @Test
  void expand_neverReexpandsAValue() {
    assertThat(shell.expand("$D", Map.of("D", "${A}")::get)).isEqualTo("${A}");
  }

  @Test
  void expand_unsetAndEmptyDifferOnlyForTheColonlessForms() {
    assertThat(shell.expand("[${B-d}|${B:-d}|${B+s}|${B:+s}]", ENV)).isEqualTo("[|d|s|]");
    assertThat(shell.expand("[${U-d}|${U:-d}|${U+s}|${U:+s}]", ENV)).isEqualTo("[d|d||]");
  }

  @Test
  void expand_errorMessageQuotesTheWordLikeBuildKit() {
    assertThatThrownBy(() -> shell.expand("x\t\"${U:?}\"", ENV))
        .isInstanceOfSatisfying(
            ExpansionError.class,
            e -> {
              assertThat(e).isInstanceOf(UserError.class);
              assertThat(e.word()).isEqualTo("x\t\"${U:?}\"");
              assertThat(e.reason()).isEqualTo("U: is not allowed to be unset");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "failed to process \"x\\t\\\"${U:?}\\\"\": U: is not allowed to be unset");
              assertThat(e.detail()).isEqualTo(e.getMessage());
            });
  }

  @Test
  void expand_errorDetailFitsIntoADockerfileError() {
    ExpansionError e = null;
    try {
      shell.expand("${NAME:?must be set}", ENV);
    } catch (ExpansionError caught) {
      e = caught;
    }
    assertThat(e).isNotNull();
    assertThat(new DockerfileError("Dockerfile", 7, e.detail()).getMessage())
        .isEqualTo("Dockerfile:7: failed to process \"${NAME:?must be set}\": NAME: must be set");
  }

  @Test
  void expand_dropsALeadingByteOrderMarkLikeGoScanner() {
    assertThat(shell.expand("\uFEFF$A", ENV)).isEqualTo("1");
  }

  @Test
  void expand_handlesCharactersOutsideTheBasicPlane() {
    Function<String, String> env = Map.of("E", "\uD83D\uDE00x\uD83D\uDE00")::get;

    assertThat(shell.expand("${E#?}", env)).isEqualTo("x\uD83D\uDE00");
    assertThat(shell.expand("${E%?}", env)).isEqualTo("\uD83D\uDE00x");
    assertThat(shell.expand("${E//?/.}", env)).isEqualTo("...");
  }

  @Test
  void expand_questionMarkAndStarDoNotCrossNewlinesLikeGoRegexp() {
    Function<String, String> env = Map.of("M", "a\nb")::get;

    assertThat(shell.expand("${M#*}", env)).isEqualTo("a\nb");
    assertThat(shell.expand("${M##*}", env)).isEqualTo("\nb");
    assertThat(shell.expand("${M/?/x}", env)).isEqualTo("x\nb");
  }

  @Test
  void expandWords_keepsTextBeforeANestedDefault() {
    // BuildKit shares one word buffer across nesting levels and loses "pre" here; we do not.
    assertThat(shell.expandWords("pre${U:-mid} x", ENV)).containsExactly("premid", "x");
  }

  @Test
  void expand_rejectsNullArguments() {
    assertThatThrownBy(() -> shell.expand(null, ENV)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> shell.expand("x", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void expansion_isImmutable() {
    Expansion e = shell.process("$A $U", ENV);

    assertThatThrownBy(() -> e.words().add("z")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> e.unmatched().add("z"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keepingAll_leavesHeredocMarkersAsWritten() {
    ShellWords raw = shell.keepingQuotes().keepingEscapes().keepingUnsetReferences();
    Function<String, String> none = name -> null;

    assertThat(raw.expandWords("<<EOF cat", none)).containsExactly("<<EOF", "cat");
    assertThat(raw.expandWords("<<\"EOF\" <<'END' <<$TAG <<\\X", none))
        .containsExactly("<<\"EOF\"", "<<'END'", "<<$TAG", "<<\\X");
  }

  @Test
  void keepingUnsetReferences_writesUnsetReferencesBack() {
    ShellWords keep = shell.keepingUnsetReferences();

    assertThat(keep.expand("$A $U ${U} ${U:-$A} ${U?oops} ${U//a/b}", ENV))
        .isEqualTo("1 $U ${U} ${U:-1} ${U?oops} ${U/a/b}");
    assertThat(keep.process("$U", ENV).unmatched()).containsExactly("U");
    assertThat(keep.expandWords("${U:-a b}", ENV)).containsExactly("${U:-a", "b}");
    assertThatThrownBy(() -> keep.expand("${U:#x}", ENV)).isInstanceOf(ExpansionError.class);
  }

  @Test
  void keepingQuotesAndEscapes_expandsAHeredocBodyLikeBuildKit() {
    ShellWords body = shell.keepingQuotes().keepingEscapes();

    assertThat(body.expand("echo \"$A\" '$A' \\$A \"a\\\"b\" $U.", ENV))
        .isEqualTo("echo \"1\" '$A' \\$A \"a\\\"b\" .");
  }

  @Test
  void keepingVariants_doNotChangeTheOriginal() {
    shell.keepingQuotes();

    assertThat(shell.expand("'x'", ENV)).isEqualTo("x");
    assertThat(shell.keepingQuotes().expand("'x'", ENV)).isEqualTo("'x'");
    assertThat(ShellWords.of('`').keepingEscapes().expand("a`$A", ENV)).isEqualTo("a`$A");
  }
}
