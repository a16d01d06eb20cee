package dev.imgc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code imgc image}: the local image store and the sources images come from. */
@Command(
    name = "image",
    description = "Manage the local image store: import, pull, push, list, inspect, remove, prune, repair.",
    subcommands = {
      ImageImportCommand.class,
      ImagePullCommand.class,
      ImagePushCommand.class,
      ImageLsCommand.class,
      ImageInspectCommand.class,
      ImageRmCommand.class,
      ImagePruneCommand.class,
      ImageRepairCommand.class,
    })
final class ImageCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "an image command is required");
  }
}
