package dev.imgc.cli;

import dev.imgc.spec.Suggestions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What a usage error (an unknown option or command, a bad value, a missing operand) prints on stderr:
 * the sentence saying what is wrong, a "did you mean" where one is found, and where the command's help
 * is, in place of the whole help picocli prints by default (compile's is some 140 lines, which scroll
 * the sentence off the screen). Exit status 2, the command line's usage error.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(command.getColorScheme().errorText(e.getMessage()));
    if (!UnmatchedArgumentException.printSuggestions(e, err)) {
      nearestOption(e).ifPresent(option -> err.println("Did you mean: " + option + "?"));
    }
    err.println("see '" + command.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * The option a mistyped long option was probably meant to be. picocli suggests only options that
   * begin with the same two letters, so {@code --frmat} would get none; short options are left out,
   * since any one letter is a typo away from every other.
   */
  private static Optional<String> nearestOption(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException unmatched) || !unmatched.isUnknownOption()
        || unmatched.getUnmatched().isEmpty()) {
      return Optional.empty();
    }
    String typed = unmatched.getUnmatched().get(0).split("=", 2)[0];
    if (!typed.startsWith("--")) {
      return Optional.empty();
    }
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    List<String> names = spec.options().stream()
        .filter(option -> !option.hidden())
        .map(OptionSpec::longestName)
        .filter(name -> name.startsWith("--"))
        .toList();
    return Suggestions.nearest(typed, names);
  }
}
