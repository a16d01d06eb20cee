package dev.imgc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.imgc.image.ImageException;
import dev.imgc.image.ImageSource;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.StoredImage;
import dev.imgc.image.oci.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imgc image import REF SOURCE}: imports an image from a transport into the store. */
@Command(name = "import", description = {
    "Import an image into the store under the name REF.",
    "SOURCE: dir:PATH, tar:FILE, docker-archive:FILE, oci:DIR[:TAG], oci-archive:FILE[:TAG], "
        + "deb:FILE.deb[,FILE.deb…], deb:PKG[,PKG…], or a registry reference (REF or docker://REF) to copy."})
final class ImageImportCommand extends ImageSubcommand {
  @Parameters(index = "0", paramLabel = "REF", description = "The name of the image in the store.")
  String reference;

  @Parameters(index = "1", paramLabel = "SOURCE", description = "Where the image comes from.")
  String source;

  @Option(names = "--config", paramLabel = "FILE",
      description = "JSON or YAML with Entrypoint, Cmd, Env, WorkingDir, User and Labels to set in the image.")
  Path config;

  @Mixin PullOptions pullOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  int execute() throws InvalidReferenceException {
    ImageSource parsed = ImageSource.parse(source, ImageSource.Syntax.COMMAND_LINE);
    StoredImage image = pullOptions.resolver(openStore(), runtimeConfig(), spec.commandLine()).importAs(reference, parsed);
    System.out.println(image.name() + " " + image.descriptor().digest());
    return 0;
  }

  private RuntimeConfig runtimeConfig() {
    if (config == null) {
      return RuntimeConfig.EMPTY;
    }
    ObjectMapper yaml = new YAMLMapper();
    try {
      return yaml.readValue(config.toFile(), RuntimeConfig.class);
    } catch (IOException e) {
      throw new ImageException("cannot read the image config " + config + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
