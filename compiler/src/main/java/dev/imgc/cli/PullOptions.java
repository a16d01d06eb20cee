package dev.imgc.cli;

import dev.imgc.image.FetchSettings;
import dev.imgc.image.ImageResolver;
import dev.imgc.image.PullPolicy;
import dev.imgc.image.UserCache;
import dev.imgc.image.importer.ImportOptions;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of commands that may fetch images: platform, pull policy, registries, timeouts, progress. */
final class PullOptions {
  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "The platform to build for: chosen from a multi-platform image, deb: packages resolved for it, linux/amd64 or linux/arm64 for a compile (default: this machine's, ${DEFAULT-VALUE}).")
  String platform = Platform.host().toString();

  @Option(names = "--pull", description = "Always ask the registry, even for an image the store has.")
  boolean pull;

  @Option(names = "--offline", description = "Never ask a registry; use only the store.")
  boolean offline;

  @Mixin RegistryOptions registry;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Where downloaded packages, file contents and earlier outputs are kept "
          + "(default: $IMGC_CACHE, else $XDG_CACHE_HOME/imgc, else ~/.cache/imgc).")
  Path cache;

  /** The cache directory: {@code --cache DIR}, else the user's ({@link UserCache}). */
  Path cacheDirectory() {
    return cache != null ? cache : UserCache.directory(System.getenv());
  }

  /** How these options fetch images; a usage error for a bad option or a pair that excludes each other. */
  FetchSettings fetchSettings(CommandLine commandLine) {
    return new FetchSettings(policy(commandLine), platform(commandLine), registry.registries(commandLine), cacheDirectory());
  }

  /** How images are fetched: {@code --pull}, {@code --offline}, or when missing; a usage error for both. */
  PullPolicy policy(CommandLine commandLine) {
    if (pull && offline) {
      throw new CommandLine.ParameterException(commandLine, "--pull and --offline exclude each other");
    }
    return pull ? PullPolicy.ALWAYS : offline ? PullPolicy.NEVER : PullPolicy.MISSING;
  }

  /** The {@code --platform} asked for, or a usage error. */
  Platform platform(CommandLine commandLine) {
    try {
      return Platform.parse(platform);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
  }

  ImageResolver resolver(ImageStore store, RuntimeConfig config, CommandLine commandLine) {
    FetchSettings fetch = fetchSettings(commandLine);
    ImportOptions options = new ImportOptions(config, fetch.platform(), SourceDateEpoch.from(fetch.environment()));
    return new ImageResolver(store, fetch, options, registry.console.progress(commandLine));
  }
}
