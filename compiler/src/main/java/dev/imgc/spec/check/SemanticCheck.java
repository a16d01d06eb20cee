package dev.imgc.spec.check;

/** One family of checks beyond the schema, run on a document the schema has accepted. */
interface SemanticCheck {
  void run(CheckContext context);
}
