package dev.imgc.cli;

import dev.imgc.build.Compiler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code imgc} command: a compiler from appliance specs to bootable artifacts.
 *
 * <p>Exit statuses: 0 success, 1 invalid input or failed build, 2 usage error.
 */
@Command(
    name = "imgc",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT, // every command takes --help and wraps its help to the terminal
    usageHelpAutoWidth = true,
    // imgc's commands are classes: picocli need not read every method of this one for a command
    addMethodSubcommands = false,
    versionProvider = VersionProvider.class,
    description = "Compile declarative appliance specs (LinuxKit YAML) into bootable Linux artifacts.")
public final class Main implements Runnable {
  /** The widest option with its parameter that help keeps on one line beside its description. */
  private static final int LONG_OPTIONS_WIDTH = 32;

  /**
   * The commands, in the order help lists them; in a class of their own so that {@code --version}
   * does not link them.
   */
  private static final class Commands {
    static final Map<String, Supplier<Object>> ALL = commands();
  }

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("schema", SchemaCommand::new);
    commands.put("lint", LintCommand::new);
    commands.put("lsp", LspCommand::new);
    commands.put("image", ImageCommand::new);
    commands.put("plan", PlanCommand::new);
    commands.put("inspect", InspectCommand::new);
    commands.put("diff", DiffCommand::new);
    commands.put("compile", CompileCommand::new);
    commands.put("push", PushCommand::new);
    commands.put("fetch", FetchCommand::new);
    commands.put("run", RunCommand::new);
    return Collections.unmodifiableMap(commands);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs imgc as the command line would, returning the exit status instead of exiting. Only the
   * command named is built when there is one: picocli reads every option of every command it is given,
   * which cost each run a few hundred milliseconds.
   * Building even one command is most of a no-op compile's time, so a compile run again exactly as
   * it was last run here (the same arguments, working directory and environment), with nothing it read
   * or wrote changed since, prints its outputs from the compile's record without parsing anything
   * ({@link Compiler#upToDate(List, java.util.Map, Optional)}); every other command line is parsed as
   * ever.
   */
  public static int run(String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return printVersion();
    }
    try {
      if (args.length > 0 && args[0].equals("compile")) {
        Optional<List<Path>> outputs = Compiler.upToDate(List.of(args), System.getenv(), ToolIdentity.current());
        if (outputs.isPresent()) {
          return CompileCommand.printOutputs(outputs.get());
        }
      }
      Optional<Integer> linted = LintCommand.withoutParsing(args);
      if (linted.isPresent()) {
        return linted.get();
      }
    } catch (RuntimeException e) {
      return internalError(e);
    }
    String named = args.length > 0 && Commands.ALL.containsKey(args[0]) ? args[0] : null;
    return commandLine(named == null ? Commands.ALL.keySet() : Set.of(named)).execute(args);
  }

  /**
   * {@code imgc --version} without picocli: the launcher runs it without the start-up archive (mapping
   * it costs more than the few classes it loads), so building any command line would load and verify
   * some 200 of picocli's classes from the jar, which was most of this command's time (scripts and
   * editors ask for it often).
   */
  private static int printVersion() {
    for (String line : new VersionProvider().getVersion()) {
      System.out.println(line);
    }
    System.out.flush();
    return CommandLine.ExitCode.OK;
  }

  /** The command line with every command: what the man page and shell completion describe. */
  static CommandLine commandLine() {
    return commandLine(Commands.ALL.keySet());
  }

  private static CommandLine commandLine(Set<String> named) {
    CommandLine line = new CommandLine(new Main());
    Commands.ALL.forEach((name, command) -> {
      if (named.contains(name)) {
        line.addSubcommand(name, command.get());
      }
    });
    // picocli breaks an option longer than its column (20 by default) mid-word: --insecure-registr|y
    return line.setCaseInsensitiveEnumValuesAllowed(true).setUsageHelpLongOptionsMaxWidth(LONG_OPTIONS_WIDTH)
        .setHelpFactory(SpaceWrappingLayout.FACTORY)
        .setParameterExceptionHandler(new UsageErrors())
        .setExecutionExceptionHandler(Main::internalError);
  }

  /**
   * An exception no command turned into a diagnostic is a bug in imgc, never a user's mistake: it is
   * said so, with the stack trace to report.
   */
  private static int internalError(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    return internalError(e, command.getErr());
  }

  /** {@link #internalError(Exception, PrintWriter)} on standard error. */
  static int internalError(Exception e) {
    return internalError(e, new PrintWriter(System.err, true));
  }

  private static int internalError(Exception e, PrintWriter err) {
    err.println("imgc: internal error: " + e + "; this is a bug in imgc: please report it with the command and the"
        + " spec that show it [internal]");
    e.printStackTrace(err);
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
