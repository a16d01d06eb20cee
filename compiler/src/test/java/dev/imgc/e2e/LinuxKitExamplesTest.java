package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.cli.ImgcRun;
import dev.imgc.fs.StreamTestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LinuxKit's compatibility suite: every example of LinuxKit's (testdata/linuxkit-examples) compiled to
 * kernel+initrd, and to the format LinuxKit's docs name for its platform, with stand-ins of the images
 * it names ({@link LinuxKitStandIns}). The initrd is read with {@code cpio}: every container's bundle
 * ({@code config.json}, {@code runtime.json}, its root with the stand-in's programs) and every file the
 * spec adds are there, and each {@code config.json} does what the spec and the image's
 * {@code org.mobyproject.config} label ask, as LinuxKit's precedence has it (the spec's field over the
 * label's, {@code .add} fields on top): the command, the binds' destinations, the capabilities, the
 * host or new namespaces, a read-only root.
 */
class LinuxKitExamplesTest {
  /** Examples LinuxKit does not build either, and the diagnostic that says why. */
  private static final Map<String, String> INVALID = Map.of(
      // a '#' in column 0 inside a block scalar ends the mapping: not YAML, for libyaml too
      "static-ip.yml", ".*static-ip.yml:[0-9]+:[0-9]+: error: the file is not valid YAML.*");
  /** Snippets made to be merged after another example, as {@code linuxkit build a.yml b.yml}. */
  static final Map<String, String> MERGED_AFTER = Map.of("platform-equinixmetal.arm64.yml", "platform-equinixmetal.yml");
  /** The format LinuxKit's docs/platform-*.md build each platform's example in, besides kernel+initrd. */
  private static final Map<String, String> PLATFORM_FORMATS = Map.of(
      "platform-aws.yml", "aws", "platform-azure.yml", "vhd", "platform-gcp.yml", "gcp",
      "platform-scaleway.yml", "iso-efi", "platform-vmware.yml", "vmdk", "platform-rt-for-vmware.yml", "vmdk",
      "platform-openstack.yml", "qcow2-bios");

  @TempDir static Path out;
  static Map<String, LinuxKitStandIns.StandIn> standIns;

  @BeforeAll
  static void installStandIns() throws Exception {
    standIns = LinuxKitStandIns.install();
  }

  static Stream<String> examples() throws IOException {
    try (Stream<Path> files = Files.list(LinuxKitStandIns.EXAMPLES)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void compilesAndEveryContainerLandsAsItsSpecAndLabelSay(String example) throws Exception {
    List<String> specs = MERGED_AFTER.containsKey(example) ? List.of(MERGED_AFTER.get(example), example) : List.of(example);
    String formats = "kernel+initrd" + (PLATFORM_FORMATS.containsKey(example) ? "," + PLATFORM_FORMATS.get(example) : "");
    String name = example.substring(0, example.length() - ".yml".length());
    Path dir = out.resolve(name);
    ImgcRun run = LinuxKitCompile.compile(specs, dir, name, formats);
    if (INVALID.containsKey(example)) {
      assertNotEquals(0, run.status(), example + " is not valid YAML, yet it compiled");
      assertTrue(run.err().lines().anyMatch(line -> line.matches(INVALID.get(example))), () -> example + ":\n" + run.err());
      return;
    }
    assertEquals(0, run.status(), () -> example + " did not compile:\n" + run.err());
    CompiledInitrd initrd = CompiledInitrd.read(dir.resolve(name + "-initrd.img"), dir.resolve("extracted"));
    LinuxKitSpec spec = LinuxKitSpec.read(specs.stream().map(LinuxKitStandIns.EXAMPLES::resolve).toList());
    List<String> problems = new ArrayList<>();
    for (LinuxKitSpec.Container container : spec.containers()) {
      problems.addAll(checkBundle(initrd, container));
    }
    for (String image : spec.init()) {
      for (String file : ownFiles(standIns.get(image))) {
        if (!initrd.has(file)) {
          problems.add("init image " + image + ": " + file + " is not in the root");
        }
      }
    }
    for (String file : spec.files()) {
      if (!initrd.has(file)) {
        problems.add("files: " + file + " is not in the root");
      }
    }
    assertEquals(List.of(), problems, () -> example + ": what the initrd lacks or has wrong");
    if (PLATFORM_FORMATS.containsKey(example)) {
      PlatformArtifacts.check(PLATFORM_FORMATS.get(example), dir, name);
    }
  }

  /** The problems of one container's bundle in the initrd; none when it is as its spec and label say. */
  private static List<String> checkBundle(CompiledInitrd initrd, LinuxKitSpec.Container container) throws IOException {
    List<String> problems = new ArrayList<>();
    String bundle = container.bundle();
    String what = container.section() + " " + container.name() + " (" + container.image() + ")";
    for (String file : List.of("config.json", "runtime.json")) {
      if (!initrd.has(bundle + file)) {
        problems.add(what + ": no " + bundle + file);
      }
    }
    // A writable container's image is in lower/ (rootfs/ is where the init mounts its overlay).
    String root = initrd.has(bundle + "lower") ? bundle + "lower/" : bundle + "rootfs/";
    LinuxKitStandIns.StandIn standIn = standIns.get(container.image());
    if (standIn == null) {
      problems.add(what + ": no stand-in for the image in stand-ins.json");
      return problems;
    }
    for (String file : ownFiles(standIn)) {
      if (!initrd.has(root + file)) {
        problems.add(what + ": its image's " + file + " is not in " + root);
      }
    }
    if (problems.isEmpty()) {
      problems.addAll(checkConfig(what, initrd.json(bundle + "config.json"), container, standIn));
    }
    return problems;
  }

  /** The runtime fields LinuxKit's precedence gives the container, against its config.json. */
  private static List<String> checkConfig(String what, JsonNode config, LinuxKitSpec.Container container,
      LinuxKitStandIns.StandIn standIn) {
    List<String> problems = new ArrayList<>();
    JsonNode label = standIn.label() == null ? new ObjectMapper().createObjectNode() : standIn.label();
    List<String> args = strings(config.at("/process/args"));
    List<String> command = container.command().orElse(standIn.cmd());
    if (!args.equals(command)) {
      problems.add(what + ": process.args " + args + ", not " + command);
    }
    Set<String> destinations = new HashSet<>();
    config.get("mounts").forEach(mount -> destinations.add(mount.get("destination").asText()));
    List<String> binds = new ArrayList<>(container.list("binds").orElse(strings(label.get("binds"))));
    binds.addAll(container.list("binds.add").orElse(List.of()));
    for (String bind : binds) {
      String destination = bind.split(":")[1];
      if (bind.startsWith("/") && !destinations.contains(destination)) {
        problems.add(what + ": bind " + bind + " is not among the mounts " + new TreeSet<>(destinations));
      }
    }
    List<String> capabilities = new ArrayList<>(container.list("capabilities").orElse(strings(label.get("capabilities"))));
    capabilities.addAll(container.list("capabilities.add").orElse(List.of()));
    Set<String> bounding = new HashSet<>(strings(config.at("/process/capabilities/bounding")));
    for (String capability : capabilities) {
      String expected = capability.equals("all") ? "CAP_SYS_ADMIN" : capability;
      if (!bounding.contains(expected)) {
        problems.add(what + ": capability " + capability + " is not in the bounding set " + new TreeSet<>(bounding));
      }
    }
    Set<String> namespaces = new HashSet<>();
    config.at("/linux/namespaces").forEach(namespace -> {
      if (!namespace.has("path")) {
        namespaces.add(namespace.get("type").asText());
      }
    });
    for (Map.Entry<String, String> field : Map.of("net", "network", "pid", "pid", "ipc", "ipc").entrySet()) {
      String value = container.scalar(field.getKey()).orElse(label.path(field.getKey()).asText(""));
      if (value.equals("host") && namespaces.contains(field.getValue())
          || value.equals("new") && !namespaces.contains(field.getValue())) {
        problems.add(what + ": " + field.getKey() + ": " + value + ", yet its namespaces are " + new TreeSet<>(namespaces));
      }
    }
    boolean readonly = container.scalar("readonly").map(Boolean::parseBoolean).orElse(label.path("readonly").asBoolean(false));
    if (readonly != config.at("/root/readonly").asBoolean(false)) {
      problems.add(what + ": root.readonly is " + config.at("/root/readonly") + ", the spec and label say " + readonly);
    }
    return problems;
  }

  /** What a stand-in adds to the images below it: its programs, files and links (relative paths). */
  static List<String> ownFiles(LinuxKitStandIns.StandIn standIn) {
    List<String> files = new ArrayList<>(standIn.scripts());
    if (standIn.files() != null) {
      files.addAll(standIn.files());
    }
    if (standIn.symlinks() != null) {
      files.addAll(standIn.symlinks().keySet());
    }
    return files.stream().map(file -> file.substring(1)).toList();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null) {
      array.forEach(value -> values.add(value.asText()));
    }
    return values;
  }

  /**
   * The listing of a compiled initrd and its bundles' JSON files, read with Python's zlib and cpio: each
   * gzip member (a segment of the initrd) is a cpio archive of its own, applied in order.
   */
  record CompiledInitrd(Set<String> names, Path extracted) {
    static CompiledInitrd read(Path initrd, Path extracted) throws IOException, InterruptedException {
      Files.createDirectories(extracted);
      Path members = Files.createDirectories(extracted.resolveSibling(extracted.getFileName() + "-members"));
      Path compressed = members.resolve("compressed");
      sh("tail -c +" + (compressedStart(initrd) + 1) + " '" + initrd + "' > '" + compressed + "'", members);
      Set<String> names = new HashSet<>();
      for (Path member : StreamTestSupport.gzipMembers(compressed, members)) {
        names.addAll(sh("cpio -t --quiet < '" + member + "'", extracted).lines().toList());
        sh("cpio -idu --quiet 'containers/*/config.json' 'containers/*/runtime.json' < '" + member + "'", extracted);
      }
      return new CompiledInitrd(names, extracted);
    }

    boolean has(String name) {
      return names.contains(name);
    }

    JsonNode json(String name) throws IOException {
      return new ObjectMapper().readTree(extracted.resolve(name).toFile());
    }

    /** Where the gzip'd cpio starts: after the uncompressed early microcode archive, if there is one. */
    private static long compressedStart(Path initrd) throws IOException {
      byte[] head;
      try (var in = Files.newInputStream(initrd)) {
        head = in.readNBytes(1 << 16);
      }
      for (int i = 0; i + 2 < head.length; i += 4) {
        if ((head[i] & 0xff) == 0x1f && (head[i + 1] & 0xff) == 0x8b && head[i + 2] == 8) {
          return i;
        }
      }
      throw new IOException(initrd + " has no gzip stream in its first 64 KiB");
    }

    private static String sh(String command, Path cwd) throws IOException, InterruptedException {
      Process process = new ProcessBuilder("sh", "-c", command).directory(cwd.toFile())
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, process.waitFor(), () -> command + " failed:\n" + output);
      return output;
    }
  }
}
