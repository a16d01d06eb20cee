package dev.imgc.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.ImageSource.Syntax;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageSourceTest {
  private static ImageSource cli(String text) throws InvalidReferenceException {
    return ImageSource.parse(text, Syntax.COMMAND_LINE);
  }

  private static ImageSource spec(String text) throws InvalidReferenceException {
    return ImageSource.parse(text, Syntax.SPEC);
  }

  private static String registry(ImageSource source) {
    return ((ImageSource.Registry) source).reference().normalized();
  }

  @Test
  void bareReferencesAreRegistryReferences() throws Exception {
    for (Syntax syntax : Syntax.values()) {
      assertEquals(new ImageSource.Registry(ImageReference.parse("alpine:3.19")), ImageSource.parse("alpine:3.19", syntax));
      assertEquals("localhost:5000/a/b:1", registry(ImageSource.parse("localhost:5000/a/b:1", syntax)));
      assertEquals("docker.io/linuxkit/init:v1", registry(ImageSource.parse("docker://linuxkit/init:v1", syntax)));
    }
  }

  /** LinuxKit's docker.yml: {@code docker} is Docker Hub's image here, not the docker transport (issue 11, item 8). */
  @Test
  void dockerWithATagIsDockerHubsDockerImageEverywhere() throws Exception {
    for (Syntax syntax : Syntax.values()) {
      assertEquals("docker.io/library/docker:20.10.6-dind", registry(ImageSource.parse("docker:20.10.6-dind", syntax)));
    }
  }

  @Test
  void aSpecNamesTransportsOnlyWithSlashes() throws Exception {
    assertEquals(new ImageSource.Dir(Path.of("./rootfs")), spec("dir://./rootfs"));
    assertEquals(new ImageSource.Dir(Path.of("/r")), spec("dir:///r"));
    assertEquals(new ImageSource.OciDir(Path.of("lay"), Optional.of("v1")), spec("oci://lay:v1"));
    assertEquals(new ImageSource.DebPackages(List.of("busybox-static", "kmod")), spec("deb://busybox-static,kmod"));
    assertEquals("docker.io/library/dir:rootfs", registry(spec("dir:rootfs")));
    assertEquals("docker.io/library/deb:busybox", registry(spec("deb:busybox")));
  }

  @Test
  void theCommandLineTakesSkopeoAndUrlForms() throws Exception {
    assertEquals(new ImageSource.Dir(Path.of("./rootfs")), cli("dir://./rootfs"));
    assertEquals(new ImageSource.Dir(Path.of("/r")), cli("dir:/r"));
    assertEquals(new ImageSource.Tar(Path.of("r.tar.gz")), cli("tar:r.tar.gz"));
    assertEquals(new ImageSource.OciDir(Path.of("lay"), Optional.of("v1")), cli("oci:lay:v1"));
    assertEquals(new ImageSource.OciDir(Path.of("lay"), Optional.empty()), cli("oci://lay"));
    assertEquals(new ImageSource.OciArchive(Path.of("a.tar"), Optional.empty()), cli("oci-archive:a.tar"));
    assertEquals(new ImageSource.DockerArchive(Path.of("d.tar"), Optional.of("x:1")), cli("docker-archive:d.tar:x:1"));
    assertEquals(new ImageSource.DebPackages(List.of("busybox-static", "kmod")), cli("deb://busybox-static,kmod"));
    assertEquals(new ImageSource.DebFiles(List.of(Path.of("a.deb"), Path.of("b/c.deb"))), cli("deb:a.deb,b/c.deb"));
  }

  @Test
  void badSourcesSayWhatIsWrongAndWhere() {
    for (Syntax syntax : Syntax.values()) {
      UnknownTransportException unknown = assertThrows(UnknownTransportException.class, () -> ImageSource.parse("ftp://x", syntax));
      assertEquals("ftp", unknown.transport());
      assertTrue(unknown.getMessage().contains("unknown image transport 'ftp'"), unknown.getMessage());
      InvalidReferenceException empty = assertThrows(InvalidReferenceException.class, () -> ImageSource.parse("deb://", syntax));
      assertEquals(6, empty.offset());
      InvalidReferenceException badDocker = assertThrows(InvalidReferenceException.class, () -> ImageSource.parse("docker://Alpine", syntax));
      assertEquals(9, badDocker.offset());
    }
    InvalidReferenceException mixed = assertThrows(InvalidReferenceException.class, () -> cli("deb:a.deb,kmod"));
    assertTrue(mixed.getMessage().contains("not both"), mixed.getMessage());
  }
}
