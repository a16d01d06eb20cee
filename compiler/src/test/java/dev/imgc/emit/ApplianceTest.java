package dev.imgc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplianceTest {
  private static final FileBytes KERNEL = EmitFixtures.bytes(new byte[] {1, 2, 3});

  @Test
  void aNameThatIsNotAPlainFileNameIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> appliance("../up", EmitFixtures.DIGEST));
    assertEquals("the artifact name '../up' must start with a letter or digit and hold only letters, digits, '.', '_',"
        + " '+' and '-'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> appliance("a/b", EmitFixtures.DIGEST));
    assertEquals("linuxkit+1.0_x", appliance("linuxkit+1.0_x", EmitFixtures.DIGEST).name());
  }

  @Test
  void theDigestIsAHexSha256() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> appliance("a", "sha256:abc"));
    assertEquals("the plan digest must be 64 lower-case hex digits, not 'sha256:abc'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ApplianceDigests(EmitFixtures.DIGEST,
        EmitFixtures.DIGEST, Optional.of(EmitFixtures.DIGEST), Optional.of("ABC")));
    assertEquals("the microcode digest must be 64 lower-case hex digits, not 'ABC'", e.getMessage());
  }

  @Test
  void theRepositoryNameOfTheOciArchiveIsLowerCase() {
    assertEquals("my-app-1.0", OciEmitter.repository("My+App-1.0"));
  }

  private static Appliance appliance(String name, String digest) {
    return new Appliance(name, Optional.of(KERNEL), "console=ttyS0", Optional.empty(), List.of(),
        new ApplianceDigests(digest, EmitFixtures.DIGEST, Optional.of(EmitFixtures.DIGEST), Optional.empty()), 0);
  }
}
