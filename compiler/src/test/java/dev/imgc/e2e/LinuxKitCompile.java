package dev.imgc.e2e;

import dev.imgc.cli.ImgcRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * {@code imgc compile} of LinuxKit's examples, with the stand-ins' store, as LinuxKit's users run
 * {@code linuxkit build}: an example whose {@code files} read a {@code source} from the machine
 * (containerd-debug.yml's file "in this directory", sshd.yml's {@code ~/.ssh/id_rsa.pub}) is compiled
 * as its own process in a copy of the examples' directory, with a home directory holding an SSH
 * public key; the others in this JVM.
 */
final class LinuxKitCompile {
  private LinuxKitCompile() {}

  /** Compiles {@code specs} (files of the examples' directory, merged in order) into {@code dir} as {@code name}. */
  static ImgcRun compile(List<String> specs, Path dir, String name, String formats) throws Exception {
    List<Path> files = specs.stream().map(LinuxKitStandIns.EXAMPLES::resolve).toList();
    if (!readsTheMachine(files)) {
      return ImgcRun.imgc(arguments(files, dir, name, formats).toArray(String[]::new));
    }
    Path work = Files.createDirectories(dir.resolveSibling(name + "-work"));
    Path examples = copyOfExamples(work.resolve("examples"));
    Path home = Files.createDirectories(work.resolve("home/.ssh"));
    Files.writeString(home.resolve("id_rsa.pub"), "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ imgc-compat@test\n");
    List<Path> copies = specs.stream().map(examples::resolve).toList();
    ImgcProcess process = ImgcProcess.run(examples, Map.of("HOME", home.getParent().toString()),
        arguments(copies, dir, name, formats).toArray(String[]::new));
    return new ImgcRun(process.status(), process.out(), process.err());
  }

  /** Whether a {@code files} entry of {@code specs} has a {@code source}; not YAML, it has none (imgc says why). */
  private static boolean readsTheMachine(List<Path> specs) throws IOException {
    try {
      return !LinuxKitSpec.read(specs).sources().isEmpty();
    } catch (YamlEngineException e) {
      return false;
    }
  }

  private static List<String> arguments(List<Path> specs, Path dir, String name, String formats) {
    List<String> arguments = new ArrayList<>(List.of("compile", "-q"));
    specs.forEach(spec -> arguments.add(spec.toString()));
    arguments.addAll(List.of("-o", dir.toString(), "--name", name, "--format", formats));
    arguments.addAll(Guest.storeOptions());
    return arguments;
  }

  private static Path copyOfExamples(Path copy) throws IOException {
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(LinuxKitStandIns.EXAMPLES)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }
}
