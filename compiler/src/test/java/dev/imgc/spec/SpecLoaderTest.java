package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.spec.model.Device;
import dev.imgc.spec.model.Id;
import dev.imgc.spec.model.IdMapping;
import dev.imgc.spec.model.Interface;
import dev.imgc.spec.model.Mount;
import dev.imgc.spec.model.RuntimeSetup;
import dev.imgc.spec.model.VolumeSpec;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void buildsATypedSpecThatKnowsWhereEachPartWasWritten() throws IOException {
    Path file = write("a.yml", """
        kernel:
          image: linuxkit/kernel:6.6
          cmdline: console=ttyS0
          modules: [virtio_net]
        init:
          - linuxkit/init:v1
        services:
          - name: getty
            image: linuxkit/getty:v1
            uid: 100
            gid: wheel
            sysctl: {b.x: "2", a.y: "1"}
            capabilities: [CAP_KILL]
            resources: {memory: {limit: 5}, cpu: {shares: 2}}
        files:
          - path: etc/motd
            contents: hello
            mode: "0644"
        prune: [usr/share/doc/*]
        """);
    SpecLoader.Result result = SpecLoader.load(List.of(file), Variables.none());
    assertEquals(List.of(), result.diagnostics());
    Spec spec = result.spec().orElseThrow();
    assertEquals("linuxkit/kernel:6.6", spec.kernel().image().orElseThrow().value());
    assertEquals(List.of("virtio_net"), spec.kernel().modules().orElseThrow().value());
    ImageSpec getty = spec.services().get(0);
    assertEquals("getty", getty.name().value());
    assertEquals(8, getty.name().source().position().line());
    assertEquals(file.toString(), getty.name().source().file());
    assertEquals(new Id.Numeric(100), getty.config().uid().orElseThrow().value());
    assertEquals(new Id.Named("wheel"), getty.config().gid().orElseThrow().value());
    assertEquals(List.of("a.y", "b.x"), List.copyOf(getty.config().sysctl().orElseThrow().value().keySet()));
    assertEquals("{\"cpu\":{\"shares\":2},\"memory\":{\"limit\":5}}", getty.config().resources().orElseThrow().value());
    assertTrue(getty.config().net().isEmpty(), "an unset field stays empty for the defaults to fill");
    assertEquals("0644", spec.files().get(0).mode().orElseThrow().value());
    assertEquals(List.of("usr/share/doc/*"), spec.prune().stream().map(Located::value).toList());
  }

  @Test
  void typesTheStructuredPerImageFields() throws IOException {
    Path file = write("structured.yml", """
        onboot:
          - name: format
            image: linuxkit/format:v1
            mounts:
              - {destination: /dev, type: bind, source: /dev, options: [rbind, rw]}
            devices:
              - {path: /dev/sda, type: b, major: 8, minor: 0, mode: "0660"}
            uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
            additionalGids: [10, disk]
            readonly: true
            oomScoreAdj: -500
            runtime:
              mkdir: [/var/lib/x]
              interfaces: [{name: eth1, add: veth, peer: veth1, createInRoot: true}]
              bindNS: {net: /run/netns/x}
              namespace: ns1
        volumes:
          - {name: data, image: alpine:3.20, readonly: true, format: oci, platforms: [linux/amd64]}
        """);
    Spec spec = SpecLoader.load(List.of(file), Variables.none()).spec().orElseThrow();
    var config = spec.onboot().get(0).config();
    assertEquals(List.of(new Mount("/dev", "bind", "/dev", List.of("rbind", "rw"))), config.mounts().orElseThrow().value());
    assertEquals(List.of(new Device("/dev/sda", "b", 8, 0, Optional.of("0660"))), config.devices().orElseThrow().value());
    assertEquals(List.of(new IdMapping(0, 100000, 65536)), config.uidMappings().orElseThrow().value());
    assertEquals(List.of(new Id.Numeric(10), new Id.Named("disk")), config.additionalGids().orElseThrow().value());
    assertEquals(true, config.readonly().orElseThrow().value());
    assertEquals(-500L, config.oomScoreAdj().orElseThrow().value());
    RuntimeSetup runtime = config.runtime().orElseThrow().value();
    assertEquals(List.of("/var/lib/x"), runtime.mkdir());
    assertEquals(List.of(new Interface("eth1", "veth", "veth1", true)), runtime.interfaces());
    assertEquals(Map.of("net", "/run/netns/x"), runtime.bindNS());
    assertEquals(Optional.of("ns1"), runtime.namespace());
    VolumeSpec volume = spec.volumes().get(0);
    assertEquals("alpine:3.20", volume.image().orElseThrow().value());
    assertTrue(volume.readonly());
    assertEquals(List.of("linux/amd64"), volume.platforms());
  }

  @Test
  void mergesFilesAsLinuxKitDoesKernelFieldsOverrideListsAppend() throws IOException {
    Path base = write("base.yml", """
        kernel: {image: k:1, cmdline: a}
        init: [i:1]
        onboot: [{name: one, image: o:1}]
        files: [{path: a, contents: x}]
        """);
    Path extra = write("extra.yml", """
        kernel: {cmdline: b}
        init: [i:2]
        onboot: [{name: two, image: o:2}]
        """);
    Spec spec = SpecLoader.load(List.of(base, extra), Variables.none()).spec().orElseThrow();
    assertEquals("k:1", spec.kernel().image().orElseThrow().value());
    assertEquals("b", spec.kernel().cmdline().orElseThrow().value());
    assertEquals(extra.toString(), spec.kernel().cmdline().orElseThrow().source().file());
    assertEquals(List.of("i:1", "i:2"), spec.init().stream().map(Located::value).toList());
    assertEquals(List.of("one", "two"), spec.onboot().stream().map(i -> i.name().value()).toList());
    assertEquals(1, spec.files().size());
  }

  @Test
  void aServiceNameUsedInTwoFilesIsAnErrorInTheLaterFile() throws IOException {
    Path a = write("a.yml", "services: [{name: s, image: a}]\n");
    Path b = write("b.yml", "services:\n  - {name: s, image: b}\n");
    SpecLoader.Result result = SpecLoader.load(List.of(a, b), Variables.none());
    assertTrue(result.spec().isEmpty());
    Diagnostic d = result.diagnostics().get(0);
    assertEquals(b.toString(), d.file());
    assertEquals(Rule.NAME_DUPLICATE, d.rule());
    assertEquals(2, d.position().line());
  }

  @Test
  void anUnsetVariableIsAnErrorWhenBuildingAndEachDiagnosticNamesItsFile() throws IOException {
    Path a = write("a.yml", "kernel: {cmdline: \"${CMDLINE}\"}\n");
    Path b = write("b.yml", "init: [\"${INIT:-linuxkit/init:v1}\", \"Bad\"]\n");
    SpecLoader.Result result = SpecLoader.load(List.of(a, b), Variables.none());
    assertTrue(result.spec().isEmpty());
    assertEquals(List.of(a + ":1:20:VAR_UNRESOLVED:ERROR", b + ":1:38:IMAGE_REFERENCE:ERROR"),
        result.diagnostics().stream()
            .map(d -> d.file() + ":" + d.position().line() + ":" + d.position().column() + ":" + d.rule() + ":" + d.severity())
            .toList());
    Spec spec = SpecLoader.load(List.of(a), new Variables(Map.of("CMDLINE", "quiet"))).spec().orElseThrow();
    assertEquals("quiet", spec.kernel().cmdline().orElseThrow().value());
  }
}
