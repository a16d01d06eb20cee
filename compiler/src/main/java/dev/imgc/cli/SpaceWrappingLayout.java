package dev.imgc.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Lays out the option and parameter lists as picocli does, but wraps descriptions at spaces only.
 * picocli's own wrapping follows Java's line-break rules, which break after {@code /} and {@code .}
 * and so split paths ({@code ~/.} | {@code cache/imgc}) at the end of a line.
 */
final class SpaceWrappingLayout extends Help.Layout {
  /** picocli's help with this layout for every command it is set on. */
  static final CommandLine.IHelpFactory FACTORY = (spec, colors) -> new Help(spec, colors) {
    @Override
    public Help.Layout createDefaultLayout(List<CommandLine.Model.OptionSpec> options,
        List<CommandLine.Model.PositionalParamSpec> positionals, Help.ColorScheme colorScheme) {
      Help.Layout layout = super.createDefaultLayout(options, positionals, colorScheme);
      return new SpaceWrappingLayout(layout);
    }
  };

  private SpaceWrappingLayout(Help.Layout layout) {
    super(layout.colorScheme(), layout.textTable(), layout.optionRenderer(), layout.parameterRenderer());
  }

  @Override
  public void layout(ArgSpec argSpec, Text[][] rows) {
    Column[] columns = table.columns();
    int last = columns.length - 1;
    // room on a continuation line, which the table indents; one column spare, as the table keeps one
    int room = columns[last].width - columns[last].indent - table.indentWrappedLines - 1;
    List<Text[]> wrapped = new ArrayList<>();
    for (Text[] row : rows) {
      List<String> lines = wrap(row[last].plainString(), room);
      for (int i = 0; i < lines.size(); i++) {
        Text[] line = i == 0 ? row.clone() : blank(columns.length);
        line[last] = colorScheme.text((i == 0 ? "" : " ".repeat(table.indentWrappedLines)) + lines.get(i));
        wrapped.add(line);
      }
    }
    super.layout(argSpec, wrapped.toArray(new Text[0][]));
  }

  private Text[] blank(int count) {
    Text[] row = new Text[count];
    for (int i = 0; i < count; i++) {
      row[i] = colorScheme.text("");
    }
    return row;
  }

  /** {@code text} in lines of at most {@code room} characters, broken at spaces (a longer word gets a line of its own). */
  static List<String> wrap(String text, int room) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > room) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
