package dev.imgc.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The man page imgc(1), in troff, written from the same picocli model as {@code --help}: every
 * command's synopsis, description, parameters and options, so the page cannot drift from the code.
 */
final class ManPage {
  /** Wide enough for any synopsis on one line, which troff then fills to the reader's terminal. */
  private static final int SYNOPSIS_WIDTH = 1000;

  private ManPage() {}

  /** The page for {@code line} (the top command with every subcommand). */
  static String render(CommandLine line) {
    CommandSpec top = line.getCommandSpec();
    StringBuilder page = new StringBuilder();
    page.append(".TH IMGC 1 \"\" \"").append(escape(top.version()[0])).append("\" \"User Commands\"\n");
    page.append(".nh\n.ad l\n");
    page.append(".SH NAME\nimgc \\- ").append(escape(lowerFirst(top.usageMessage().description()[0]))).append('\n');
    page.append(".SH SYNOPSIS\n.B imgc\n.I COMMAND\n[\\fIOPTION\\fR]... [\\fIARGUMENT\\fR]...\n");
    page.append(".SH DESCRIPTION\n");
    paragraphs(page, List.of(top.usageMessage().description()));
    page.append(".PP\nEvery command takes \\fB\\-h\\fR, \\fB\\-\\-help\\fR and \\fB\\-V\\fR, \\fB\\-\\-version\\fR.\n");
    page.append(".SH COMMANDS\n");
    for (CommandLine sub : line.getSubcommands().values()) {
      command(page, sub);
    }
    page.append(".SH EXIT STATUS\n0 on success, 1 for invalid input or a failed build, 2 for a usage error;\n")
        .append(".B imgc run\nexits with QEMU's status.\n");
    page.append(".SH FILES\n.TP\n.I ~/.imgc/store\nThe image store and build cache ($IMGC_STORE, or \\fB\\-\\-store\\fR).\n")
        .append(".TP\n.I ~/.cache/imgc\nDownloaded Debian packages and memos ($XDG_CACHE_HOME/imgc); always safe to delete.\n");
    page.append(".SH SEE ALSO\nThe documentation in\n.IR /usr/share/doc/imgc/ .\n");
    return page.toString();
  }

  private static void command(StringBuilder page, CommandLine line) {
    CommandSpec spec = line.getCommandSpec();
    if (!line.getSubcommands().isEmpty()) {
      for (Map.Entry<String, CommandLine> sub : line.getSubcommands().entrySet()) {
        command(page, sub.getValue());
      }
      return;
    }
    page.append(".SS \"").append(escape(spec.qualifiedName())).append("\"\n");
    spec.usageMessage().autoWidth(false).width(SYNOPSIS_WIDTH);
    String synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip();
    page.append(".PP\n").append(escape(synopsis)).append("\n.PP\n");
    paragraphs(page, List.of(spec.usageMessage().description()));
    for (PositionalParamSpec parameter : spec.positionalParameters()) {
      page.append(".TP\n\\fI").append(escape(parameter.paramLabel())).append("\\fR\n");
      paragraphs(page, List.of(parameter.description()));
    }
    for (OptionSpec option : spec.options()) {
      page.append(".TP\n").append(optionTerm(option)).append('\n');
      paragraphs(page, List.of(option.description()));
    }
  }

  private static String optionTerm(OptionSpec option) {
    StringBuilder term = new StringBuilder();
    for (String name : option.names()) {
      term.append(term.length() == 0 ? "" : ", ").append("\\fB").append(escape(name)).append("\\fR");
    }
    if (option.arity().max() > 0) {
      term.append("=\\fI").append(escape(option.paramLabel())).append("\\fR");
    }
    return term.toString();
  }

  private static void paragraphs(StringBuilder page, List<String> paragraphs) {
    boolean first = true;
    for (String paragraph : paragraphs) {
      page.append(first ? "" : ".br\n").append(escape(paragraph)).append('\n');
      first = false;
    }
  }

  /** Text as troff reads it literally: backslashes and hyphens escaped, no line read as a request. */
  static String escape(String text) {
    String escaped = text.replace("\\", "\\e").replace("-", "\\-");
    StringBuilder out = new StringBuilder();
    for (String line : escaped.split("\n", -1)) {
      out.append(out.length() == 0 ? "" : "\n").append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
    }
    return out.toString();
  }

  private static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
