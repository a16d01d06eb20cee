package dev.imgc.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageSourceTest {
  @Test
  void bareReferencesAreRegistryReferences() throws Exception {
    assertEquals(new ImageSource.Registry(ImageReference.parse("alpine:3.19")), ImageSource.parse("alpine:3.19"));
    ImageSource local = ImageSource.parse("localhost:5000/a/b:1");
    assertEquals("localhost:5000/a/b:1", ((ImageSource.Registry) local).reference().normalized());
    assertEquals("docker.io/linuxkit/init:v1",
        ((ImageSource.Registry) ImageSource.parse("docker://linuxkit/init:v1")).reference().normalized());
  }

  @Test
  void transportsTakeSkopeoAndUrlForms() throws Exception {
    assertEquals(new ImageSource.Dir(Path.of("./rootfs")), ImageSource.parse("dir://./rootfs"));
    assertEquals(new ImageSource.Dir(Path.of("/r")), ImageSource.parse("dir:/r"));
    assertEquals(new ImageSource.Tar(Path.of("r.tar.gz")), ImageSource.parse("tar:r.tar.gz"));
    assertEquals(new ImageSource.OciDir(Path.of("lay"), Optional.of("v1")), ImageSource.parse("oci:lay:v1"));
    assertEquals(new ImageSource.OciDir(Path.of("lay"), Optional.empty()), ImageSource.parse("oci://lay"));
    assertEquals(new ImageSource.OciArchive(Path.of("a.tar"), Optional.empty()), ImageSource.parse("oci-archive:a.tar"));
    assertEquals(new ImageSource.DockerArchive(Path.of("d.tar"), Optional.of("x:1")), ImageSource.parse("docker-archive:d.tar:x:1"));
    assertEquals(new ImageSource.DebPackages(List.of("busybox-static", "kmod")), ImageSource.parse("deb://busybox-static,kmod"));
    assertEquals(new ImageSource.DebFiles(List.of(Path.of("a.deb"), Path.of("b/c.deb"))), ImageSource.parse("deb:a.deb,b/c.deb"));
  }

  @Test
  void badSourcesSayWhatIsWrongAndWhere() {
    InvalidReferenceException unknown = assertThrows(InvalidReferenceException.class, () -> ImageSource.parse("ftp://x"));
    assertTrue(unknown.getMessage().contains("unknown image transport 'ftp'"), unknown.getMessage());
    InvalidReferenceException empty = assertThrows(InvalidReferenceException.class, () -> ImageSource.parse("deb://"));
    assertEquals(6, empty.offset());
    InvalidReferenceException mixed = assertThrows(InvalidReferenceException.class, () -> ImageSource.parse("deb:a.deb,kmod"));
    assertTrue(mixed.getMessage().contains("not both"), mixed.getMessage());
    InvalidReferenceException badDocker = assertThrows(InvalidReferenceException.class, () -> ImageSource.parse("docker://Alpine"));
    assertEquals(9, badDocker.offset());
  }
}
