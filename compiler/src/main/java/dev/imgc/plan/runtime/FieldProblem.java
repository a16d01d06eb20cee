package dev.imgc.plan.runtime;

/** A value of one per-image field that cannot be turned into runtime configuration. */
final class FieldProblem extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;

  /** {@code field} as written in a spec ({@code binds.add}, {@code uid} …); {@code problem} a clause. */
  FieldProblem(String field, String problem) {
    super(problem);
    this.field = field;
  }

  String field() {
    return field;
  }
}
