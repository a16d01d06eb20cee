package dev.imgc.cli;

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
    scope = CommandLine.ScopeType.INHERIT, // every command takes --help
    versionProvider = VersionProvider.class,
    description = "Compile declarative appliance specs (LinuxKit YAML) into bootable Linux artifacts.",
    subcommands = {
      SchemaCommand.class,
      LintCommand.class,
      ImageCommand.class,
      PlanCommand.class,
      InspectCommand.class,
      CompileCommand.class,
      RunCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs imgc as the command line would, returning the exit status instead of exiting. */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
