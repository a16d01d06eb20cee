package dev.imgc.build;

import dev.imgc.boot.BootAsset;
import dev.imgc.boot.BootAssets;
import dev.imgc.boot.MissingBootAssetException;
import dev.imgc.emit.Format;
import dev.imgc.image.ImageResolver;
import dev.imgc.image.ImageSource;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.UserHome;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Digest;
import dev.imgc.spec.model.FileSpec;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Spec;
import dev.imgc.spec.model.VolumeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The keys a remote build cache keeps a whole build's outputs under. {@link #of} is computed from the
 * inputs alone, before anything is planned, as Bazel's action cache keys an action: imgc's identity, the spec files' and variable files' bytes, the
 * variables, the options that shape the outputs, the digest of every image's manifest (which names its
 * layers by digest), the bytes of every host file a spec copies in, and the host's bootloader files.
 * Looking this up needs no layer. It exists only where every input can be known that cheaply: an image
 * named by a transport ({@code dir:}, {@code deb:} …), a whole host directory copied in, or
 * bootloader files from an image ({@code --boot-assets}, or those of another machine than the host)
 * leave the build without one. {@link #ofPlan} is the second chance, once the
 * spec is planned: the plan's digest (what the root filesystem, kernel and command line are) with the
 * same options and bootloader files.
 */
final class InputKey {
  private InputKey() {}

  static Optional<String> of(BuildRequest request, Spec spec, Set<Format> formats, ImageResolver images, String tool)
      throws IOException {
    if (Compiler.bootAssets(request).isPresent()) {
      return Optional.empty();
    }
    List<String> lines = new ArrayList<>();
    lines.add("imgc input key 1");
    for (Path file : request.specs()) {
      lines.add("spec " + Digest.ofFile(file));
    }
    for (Path file : request.variableFiles()) {
      lines.add("variable file " + Digest.ofFile(file));
    }
    new TreeMap<>(request.variables()).forEach((name, value) -> lines.add("variable " + hash(name + "=" + value)));
    lines.add("disabled passes " + request.disabledPasses().stream().sorted().toList());
    lines.add("source date epoch " + SourceDateEpoch.from(request.environment()));
    for (Located<String> image : images(spec)) {
      Optional<String> digest = manifestDigest(image.value(), images);
      if (digest.isEmpty()) {
        return Optional.empty();
      }
      lines.add("image " + image.value() + " " + digest.get());
    }
    Path home = UserHome.directory(request.environment());
    for (FileSpec file : spec.files()) {
      if (file.sourceFile().isEmpty() || file.contents().isPresent() || file.metadata().isPresent() || file.directory()
          || file.symlink().isPresent()) {
        continue;
      }
      String source = file.sourceFile().get().value();
      Path host = source.startsWith("~/") ? home.resolve(source.substring(2)) : Path.of(source);
      if (Files.isDirectory(host)) {
        return Optional.empty();
      }
      lines.add("source " + source + " " + (Files.isRegularFile(host) ? Digest.ofFile(host).toString() : "absent"));
    }
    lines.addAll(outputOptions(request, formats, tool));
    return Optional.of(hash(String.join("\n", lines)));
  }

  /** The key of the outputs of {@code plan}, a plan's digest, as {@code request} writes them; empty with {@code --boot-assets}. */
  static Optional<String> ofPlan(BuildRequest request, String plan, Set<Format> formats, String tool) throws IOException {
    if (request.bootAssets().isPresent()) {
      return Optional.empty();
    }
    List<String> lines = new ArrayList<>();
    lines.add("imgc plan key 1");
    lines.add("plan " + plan);
    lines.addAll(outputOptions(request, formats, tool));
    return Optional.of(hash(String.join("\n", lines)));
  }

  /** What shapes the outputs besides the root: imgc itself, the options, and the host's bootloader files. */
  private static List<String> outputOptions(BuildRequest request, Set<Format> formats, String tool) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("tool " + tool);
    lines.add("name " + request.artifactName());
    lines.add("formats " + formats.stream().map(Format::toString).sorted().toList());
    lines.add("platform " + request.fetch().platform());
    lines.add("compression " + request.compression());
    lines.add(request.disk().inputLine());
    BootAssets host = BootAssets.host();
    for (BootAsset asset : BootAsset.values()) {
      String digest;
      try {
        digest = Digest.ofFile(host.locate(asset)).toString();
      } catch (MissingBootAssetException e) {
        digest = "absent";
      }
      lines.add("boot asset " + asset + " " + digest);
    }
    return lines;
  }

  /** Every image the spec names: the kernel's, init's, each container's and each volume's. */
  static List<Located<String>> images(Spec spec) {
    List<Located<String>> images = new ArrayList<>();
    spec.kernel().image().ifPresent(images::add);
    images.addAll(spec.init());
    for (List<ImageSpec> section : List.of(spec.onboot(), spec.onshutdown(), spec.services())) {
      section.forEach(container -> images.add(container.image()));
    }
    spec.volumes().stream().map(VolumeSpec::image).flatMap(Optional::stream).forEach(images::add);
    return images;
  }

  /** The manifest digest of a registry reference; empty for a transport, whose contents only an import would tell. */
  private static Optional<String> manifestDigest(String reference, ImageResolver images) {
    try {
      ImageSource source = ImageSource.parse(reference, ImageSource.Syntax.SPEC);
      if (source instanceof ImageSource.Registry registry) {
        return images.manifestDigest(registry.reference()).map(Digest::toString);
      }
      return Optional.empty();
    } catch (InvalidReferenceException e) {
      return Optional.empty();
    }
  }

  private static String hash(String text) {
    MessageDigest sha256 = Digest.newHasher();
    return Digest.fromHash(sha256.digest(text.getBytes(StandardCharsets.UTF_8))).hex();
  }
}
