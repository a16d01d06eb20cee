package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.cli.ImgcRun;
import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.cpio.CpioWriter;
import dev.imgc.fs.tar.TarWriter;
import dev.imgc.image.ImageReference;
import dev.imgc.image.StoredImage;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.ImageConfig;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.LayerTar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stand-ins for the images LinuxKit's examples name, put into the examples' store under each image's
 * exact reference, as {@code testdata/linuxkit-examples/stand-ins.json} describes them: each carries
 * the {@code org.mobyproject.config} label LinuxKit's package build gives the real image and the real
 * image's command, over Debian's static busybox. Every program a stand-in holds is a marker script
 * ({@link #MARKER}) that says on its output that it ran, and with what arguments; as a service it then
 * stays up, as the real one would. Only the layers are ours: runc is Debian's runc, and the kernel is
 * Debian's, laid out as LinuxKit's kernel images are.
 */
final class LinuxKitStandIns {
  static final Path EXAMPLES = GoldenSpec.REPO.resolve("testdata/linuxkit-examples");
  /** What every stand-in's program prints first: {@code imgc-compat: ran PROGRAM ARGS…}. */
  static final String MARKER = "imgc-compat: ran ";
  private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final Pattern VMLINUZ = Pattern.compile("boot/vmlinuz-(.+)");

  /** One entry of stand-ins.json. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record StandIn(
      @JsonProperty("package") String pkg,
      @JsonProperty("kernel") boolean kernel,
      @JsonProperty("label") JsonNode label,
      @JsonProperty("cmd") List<String> cmd,
      @JsonProperty("programs") List<String> programs,
      @JsonProperty("files") List<String> files,
      @JsonProperty("symlinks") Map<String, String> symlinks,
      @JsonProperty("debian") String debian,
      @JsonProperty("console") boolean console,
      @JsonProperty("oneshot") boolean oneshot) {

    /** Every marker script: the command's program, when it is a path, and the others named. */
    List<String> scripts() {
      TreeSet<String> all = new TreeSet<>(programs == null ? List.of() : programs);
      if (cmd != null && cmd.get(0).startsWith("/") && (symlinks == null || !symlinks.containsKey(cmd.get(0)))) {
        all.add(cmd.get(0));
      }
      return List.copyOf(all);
    }
  }

  private LinuxKitStandIns() {}

  /** stand-ins.json's images, by the reference the examples write. */
  static Map<String, StandIn> read() throws IOException {
    JsonNode root = new ObjectMapper().readTree(EXAMPLES.resolve("stand-ins.json").toFile());
    Map<String, StandIn> images = new LinkedHashMap<>();
    ObjectMapper mapper = new ObjectMapper();
    for (Map.Entry<String, JsonNode> image : root.get("images").properties()) {
      images.put(image.getKey(), mapper.treeToValue(image.getValue(), StandIn.class));
    }
    return images;
  }

  /** Puts every stand-in into the examples' store (the same bytes each time, so a rerun changes nothing). */
  static Map<String, StandIn> install() throws Exception {
    Map<String, StandIn> images = read();
    Guest.linkUserDebs();
    ImageStore store = ImageStore.open(Guest.store());
    StoredImage busybox = imported(store, "imgc-compat/busybox:1", "deb:busybox-static");
    Optional<byte[]> kernelLayer = Optional.empty();
    for (Map.Entry<String, StandIn> image : images.entrySet()) {
      StandIn standIn = image.getValue();
      List<StoredImage> bases = new ArrayList<>();
      byte[] layer;
      if (standIn.kernel()) {
        if (kernelLayer.isEmpty()) {
          kernelLayer = Optional.of(kernelLayer(imported(store, "imgc-compat/debian-kernel:1", "deb:linux-image-amd64")));
        }
        layer = kernelLayer.get();
      } else {
        bases.add(busybox);
        if (standIn.debian() != null) {
          bases.add(imported(store, "imgc-compat/" + standIn.pkg() + ":1", "deb:" + standIn.debian()));
        }
        layer = layer(image.getKey(), standIn);
      }
      tag(store, ImageReference.parse(image.getKey()).normalized(), bases, layer, config(standIn));
    }
    return images;
  }

  /** The examples' store, where imports go; {@code REF} from {@code SOURCE}, imported once. */
  private static StoredImage imported(ImageStore store, String ref, String source) throws Exception {
    String name = ImageReference.parse(ref).normalized();
    if (store.find(name).isEmpty()) {
      List<String> arguments = new ArrayList<>(List.of("image", "import", "-q", ref, source));
      arguments.addAll(Guest.storeOptions());
      ImgcRun run = ImgcRun.imgc(arguments.toArray(String[]::new));
      assertEquals(0, run.status(), () -> "imgc image import " + ref + " " + source + " failed:\n" + run.err());
    }
    return StoredImage.load(store, name);
  }

  /** The stand-in's own files: a marker script for each program, its files and links, and their directories. */
  private static byte[] layer(String reference, StandIn standIn) {
    TreeMap<String, Runnable> members = new TreeMap<>();
    LayerTar tar = new LayerTar();
    for (String script : standIn.scripts()) {
      byte[] text = script(reference, standIn).getBytes(StandardCharsets.UTF_8);
      members.put(relative(script), () -> tar.file(relative(script), text, 0755, Map.of()));
    }
    for (String file : standIn.files() == null ? List.<String>of() : standIn.files()) {
      members.put(relative(file), () -> tar.file(relative(file), "a stand-in's file for " + reference + "\n"));
    }
    if (standIn.symlinks() != null) {
      standIn.symlinks().forEach((link, target) -> members.put(relative(link), () -> tar.symlink(relative(link), target)));
    }
    TreeSet<String> directories = new TreeSet<>();
    for (String member : members.keySet()) {
      for (Path parent = Path.of(member).getParent(); parent != null; parent = parent.getParent()) {
        directories.add(parent.toString());
      }
    }
    directories.forEach(tar::dir);
    members.values().forEach(Runnable::run);
    return tar.bytes();
  }

  /**
   * The marker script. It exits at once when it is one of the one-shot programs LinuxKit runs as
   * onboot containers (the stand-in's {@code oneshot}) or is given dhcpcd's and rngd's one-shot flag
   * {@code -1}; otherwise it stays up, as a service does. The console's service (getty) also copies
   * the first marker of each service's log in {@code /var/log} to every console the kernel's command
   * line names, as {@code imgc-compat: service NAME: …}, for two minutes.
   */
  private static String script(String reference, StandIn standIn) {
    String copy = !standIn.console() ? "" : """
        say() {
          for word in $(/bin/busybox cat /proc/cmdline); do
            case "$word" in console=*) device=/dev/${word#console=}; device=${device%%,*} ;; *) continue ;; esac
            [ -c "$device" ] && { echo "$1" > "$device"; } 2>/dev/null
          done
        }
        seen=""
        for i in $(/bin/busybox seq 120); do
          for log in /var/log/*.log; do
            case "$seen" in *" $log "*) continue ;; esac
            line=$(/bin/busybox grep -m1 '^MARKER' "$log") || continue
            say "imgc-compat: service $(/bin/busybox basename "$log" .log): $line"
            seen="$seen $log "
          done
          /bin/busybox sleep 1
        done
        """.replace("MARKER", MARKER);
    return """
        #!/bin/busybox sh
        # A stand-in for REFERENCE, made by imgc's LinuxKit compatibility suite.
        echo "MARKER$0 $*"
        case " $* " in *" -1 "*) exit 0 ;; esac
        ONESHOTCOPYexec /bin/busybox sleep 2147483647
        """.replace("REFERENCE", reference).replace("MARKER", MARKER)
        .replace("ONESHOT", standIn.oneshot() ? "exit 0\n" : "").replace("COPY", copy);
  }

  /** A LinuxKit kernel image around Debian's kernel: {@code kernel}, an empty module tree in {@code kernel.tar}, {@code intel-ucode.cpio}. */
  private static byte[] kernelLayer(StoredImage debian) throws IOException {
    AtomicReference<byte[]> vmlinuz = new AtomicReference<>();
    AtomicReference<String> release = new AtomicReference<>();
    debian.readLayers(entry -> {
      Matcher name = VMLINUZ.matcher(entry.path());
      if (entry instanceof Entry.RegularFile file && name.matches()) {
        try (InputStream in = file.content().open()) {
          vmlinuz.set(in.readAllBytes());
        }
        release.set(name.group(1));
      }
    });
    String modules = "lib/modules/" + release.get() + "/";
    ByteArrayOutputStream kernelTar = new ByteArrayOutputStream();
    TarWriter.write(List.<Entry>of(StreamTestSupport.file(modules + "modules.dep", 0644, ""),
        StreamTestSupport.file(modules + "modules.order", 0644, "")), kernelTar);
    ByteArrayOutputStream ucode = new ByteArrayOutputStream();
    CpioWriter.write(List.<Entry>of(StreamTestSupport.file("kernel/x86/microcode/GenuineIntel.bin", 0644, "")), ucode);
    return new LayerTar().file("kernel", vmlinuz.get(), 0644, Map.of()).file("kernel.tar", kernelTar.toByteArray(), 0644, Map.of())
        .file("intel-ucode.cpio", ucode.toByteArray(), 0644, Map.of()).bytes();
  }

  private static RuntimeConfig config(StandIn standIn) throws IOException {
    TreeMap<String, String> labels = new TreeMap<>();
    if (standIn.label() != null) {
      labels.put("org.mobyproject.config", new ObjectMapper().writeValueAsString(standIn.label()));
    }
    return new RuntimeConfig(null, standIn.kernel() ? null : List.of(PATH), null, standIn.cmd(), null,
        labels.isEmpty() ? null : labels);
  }

  private static void tag(ImageStore store, String name, List<StoredImage> bases, byte[] layer, RuntimeConfig runtime)
      throws IOException {
    List<Descriptor> layers = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    for (StoredImage base : bases) {
      layers.addAll(base.manifest().layers());
      diffIds.addAll(base.config().rootfs().diffIds());
    }
    layers.add(store.putBlob(MediaTypes.OCI_LAYER, layer));
    diffIds.add(Digest.of(layer));
    ImageConfig config = new ImageConfig("1970-01-01T00:00:00Z", "amd64", "linux", null, runtime,
        ImageConfig.RootFs.layers(diffIds), null);
    store.tag(name, store.putJson(MediaTypes.OCI_MANIFEST,
        Manifest.oci(store.putJson(MediaTypes.OCI_CONFIG, config), layers)));
  }

  private static String relative(String path) {
    return path.substring(1);
  }
}
