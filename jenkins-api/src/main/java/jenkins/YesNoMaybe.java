package jenkins;

public enum YesNoMaybe {
  YES,
  NO,
  MAYBE;

  public static Boolean toBoolean(YesNoMaybe v) { throw new UnsupportedOperationException(); }

  public Boolean toBool() { throw new UnsupportedOperationException(); }
}
