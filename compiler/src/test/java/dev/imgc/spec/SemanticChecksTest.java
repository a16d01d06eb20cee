package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule beyond the schema, each with a spec that breaks it and one that does not. */
class SemanticChecksTest {
  private static final String SERVICE = "services:\n  - name: s\n    image: linuxkit/getty:v1\n";

  private static String service(String field) {
    return SERVICE + "    " + field + "\n";
  }

  private static List<Diagnostic> diagnostics(String yaml) {
    return Linter.lintText("t.yml", yaml, Variables.none());
  }

  private static void assertClean(String yaml) {
    assertEquals(List.of(), Findings.lint(yaml));
  }

  @Test
  void duplicateServiceNamesAreErrorsAndDuplicateOnbootNamesWarnings() {
    assertEquals(List.of("4:11: error [name-duplicate]"), Findings.lint(SERVICE + "  - name: s\n    image: a\n"));
    assertEquals(List.of("4:11: warning [name-duplicate]"),
        Findings.lint("onboot:\n  - name: s\n    image: a\n  - name: s\n    image: b\n"));
    assertClean(SERVICE + "  - name: t\n    image: a\n");
  }

  /** host, root, new, none, empty or an absolute path, as runc joins; anything else, once, under its own rule. */
  @Test
  void namespacesAreWordsOrAbsolutePaths() {
    for (String good : List.of("host", "new", "none", "root", "\"\"", "/run/netns/wg", "${NS:-host}")) {
      assertClean(service("net: " + good) + "    pid: " + good + "\n");
    }
    assertEquals(List.of("4:10: error [namespace-invalid]"), Findings.lint(service("net: hots")));
    assertEquals(List.of("4:10: error [namespace-invalid]"), Findings.lint(service("uts: run/ns/uts")));
  }

  @Test
  void namesFollowContainerIdAndVolumeRules() {
    assertEquals(List.of("2:11: error [name-invalid]"), Findings.lint("services:\n  - name: a/b\n    image: a\n"));
    assertEquals(List.of("2:11: error [name-invalid]"), Findings.lint("volumes:\n  - name: Data\n"));
    assertClean("services:\n  - name: a.b_c-1\n    image: a\nvolumes:\n  - name: data_1-x\n");
  }

  @Test
  void filePathsStayInsideTheRoot() {
    assertEquals(List.of("2:11: error [file-path]"), Findings.lint("files:\n  - path: a/../../b\n    contents: x\n"));
    assertEquals(List.of("2:11: warning [file-path]"), Findings.lint("files:\n  - path: /etc/x\n    contents: x\n"));
    assertEquals(List.of("2:11: error [file-path]"), Findings.lint("files:\n  - path: ''\n    contents: x\n"));
    assertClean("files:\n  - path: etc/../etc/x\n    contents: x\n");
  }

  @Test
  void aFileTakesItsContentFromOnePlace() {
    assertEquals(List.of("4:5: error [file-content-conflict]"),
        Findings.lint("files:\n  - path: a\n    directory: true\n    symlink: b\n"));
    assertClean("files:\n  - path: a\n    directory: false\n    contents: b\n");
  }

  @Test
  void capabilitiesAreLinuxsWithThePrefixOrAllOrNone() {
    List<Diagnostic> found = diagnostics(service("capabilities: [CAP_NET_ADMIN, SYS_ADMIN, cap_chown, CAP_NET_ADMNI]"));
    assertEquals(List.of("4:35: error [capability-unknown]", "4:46: error [capability-unknown]",
        "4:57: error [capability-unknown]"), Findings.of(found));
    assertTrue(found.get(0).message().contains("write 'CAP_SYS_ADMIN'"), found.get(0).message());
    assertTrue(found.get(2).message().contains("did you mean 'CAP_NET_ADMIN'"), found.get(2).message());
    assertEquals(List.of("4:15: error [capability-unknown]"), Findings.lint(service("ambient: [all, CAP_KILL]")));
    assertClean(service("capabilities: [all]"));
    assertClean(service("capabilities.add: [None]"));
    assertClean(service("capabilities: [CAP_BPF, CAP_CHECKPOINT_RESTORE]"));
  }

  @Test
  void imageReferencesAndTransports() {
    assertEquals(List.of("3:21: error [image-reference]"), Findings.lint("services:\n  - name: s\n    image: linuxkit/Getty\n"));
    assertEquals(List.of("2:14: error [image-reference]"), Findings.lint("init:\n  - a@sha256:abc\n"));
    assertEquals(List.of("2:10: error [image-reference]"), Findings.lint("kernel:\n  image: ocii://dir\n"));
    assertEquals(List.of("2:10: error [image-reference]"), Findings.lint("init:\n  - \"oci:\"\n"));
    assertClean("init:\n  - oci://build/layout:v1\n  - deb://busybox-static\n  - docker-archive:///tmp/a.tar\n  - localhost:5000/x/y@sha256:"
        + "a".repeat(64) + "\n");
  }

  /** LinuxKit's docker.yml names Docker Hub's docker image; in a spec only TRANSPORT:// is a transport (issue 11, item 8). */
  @Test
  void aTransportNameWithoutSlashesIsARegistryImage() {
    assertClean("services:\n  - name: docker\n    image: docker:20.10.6-dind\n");
    List<Diagnostic> found = Linter.lintText("t.yml", "init:\n  - dir:rootfs\n", Variables.none());
    assertEquals(List.of("2:5: warning [image-reference]"), Findings.of(found));
    assertTrue(found.get(0).message().contains("names the registry image docker.io/library/dir:rootfs"), found.get(0).message());
    assertTrue(found.get(0).message().contains("written dir://rootfs"), found.get(0).message());
    List<Diagnostic> typo = Linter.lintText("t.yml", "init:\n  - dri://rootfs\n", Variables.none());
    assertEquals(List.of("2:5: error [image-reference]"), Findings.of(typo));
    assertTrue(typo.get(0).message().contains("did you mean 'dir'?"), typo.get(0).message());
  }

  @Test
  void rlimits() {
    assertEquals(List.of("4:15: error [rlimit-invalid]", "4:27: error [rlimit-invalid]", "4:40: error [rlimit-invalid]"),
        Findings.lint(service("rlimits: [\"nofile,1\", \"bogus,1,2\", \"nproc,-1,2\"]")));
    assertClean(service("rlimits: [\"nofile,1024,unlimited\", \"RLIMIT_CORE, 0, 18446744073709551615\"]"));
    assertEquals(List.of("4:15: error [rlimit-invalid]"), Findings.lint(service("rlimits: [\"as,1,18446744073709551616\"]")));
  }

  @Test
  void bindsAndTmpfs() {
    assertEquals(List.of("4:13: error [bind-invalid]", "4:19: error [bind-invalid]", "4:27: error [bind-invalid]",
        "4:34: error [bind-invalid]"), Findings.lint(service("binds: [\"/a\", \"/a:b\", \":/b\", \"/a:/b:c:d\"]")));
    assertEquals(List.of("4:13: error [tmpfs-invalid]"), Findings.lint(service("tmpfs: [\"/a:b:c\"]")));
    assertClean(service("binds: [\"/a:/b\", \"/var:/var:rshared,rbind\"]\n    binds.add: [\"x:/y:ro\"]\n    tmpfs: [\"/t:size=1m\"]"));
  }

  @Test
  void sysctlKeysAndValues() {
    assertEquals(List.of("4:14: error [sysctl-invalid]", "4:42: error [sysctl-invalid]"),
        Findings.lint(service("sysctl: {\"bad key\": \"1\", net.ipv4.x: \"\"}")));
    assertClean(service("sysctl: {net.ipv4.ip_forward: \"1\", kernel/pid_max: \"4096\"}"));
  }

  @Test
  void modesAreOctal() {
    assertEquals(List.of("2:34: error [mode-invalid]"), Findings.lint("files:\n  - {path: a, contents: x, mode: \"0968\"}\n"));
    assertEquals(List.of("4:65: error [mode-invalid]"),
        Findings.lint(service("devices: [{path: /dev/x, type: c, major: 1, minor: 3, mode: rw}]")));
    assertClean("files:\n  - {path: a, contents: x, mode: \"0644\"}\n  - {path: b, contents: x, mode: \"4755\"}\n");
  }

  @Test
  void trustIsAcceptedWithAWarning() {
    assertEquals(List.of("1:1: warning [trust-ignored]"), Findings.lint("trust:\n  org: [linuxkit]\n"));
  }

  @Test
  void valuesWaitingOnAVariableAreNotChecked() {
    assertEquals(List.of("4:21: warning [var-unresolved]"), Findings.lint(service("capabilities: [\"${CAPS}\"]")));
    assertEquals(List.of(), Findings.lint(service("capabilities: [\"${CAP}\"]"), new Variables(Map.of("CAP", "CAP_KILL"))));
    assertEquals(List.of("4:20: error [capability-unknown]"),
        Findings.lint(service("capabilities: [\"${CAP}\"]"), new Variables(Map.of("CAP", "KILL"))));
  }
}
