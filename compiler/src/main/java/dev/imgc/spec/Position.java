package dev.imgc.spec;

/** A range in a source file, 1-based lines and columns; the end column is exclusive. */
public record Position(int line, int column, int endLine, int endColumn) {
  /** The start of a file, for problems that belong to no particular place in it. */
  public static final Position START = new Position(1, 1, 1, 1);

  public Position {
    if (line < 1 || column < 1 || endLine < line || (endLine == line && endColumn < column)) {
      throw new IllegalArgumentException("not a source range: " + line + ":" + column + "-" + endLine + ":" + endColumn);
    }
  }

  /** A range of {@code length} characters on one line. */
  public static Position onLine(int line, int column, int length) {
    return new Position(line, column, line, column + length);
  }
}
