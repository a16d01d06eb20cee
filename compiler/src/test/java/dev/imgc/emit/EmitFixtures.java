package dev.imgc.emit;

import dev.imgc.fs.BootFixtures;
import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Appliances for the emitter tests. */
final class EmitFixtures {
  static final String DIGEST = "3f786850e387550fdab836ed7e6dc881de23001b9a5c9b2d3a8f7e6b2c1d0e9f";
  static final long EPOCH = 1_700_000_000L;
  static final String CMDLINE = "console=ttyS0 panic=-1 loglevel=4";
  /** What the booted appliance prints: part 1 from the microcode cpio, part 2 from the root archive. */
  static final String MARKER = "IMGC-EMIT-BOOTED";

  private EmitFixtures() {}

  /**
   * A small appliance for checking the formats' structure: a 300 KiB stand-in kernel (no writer
   * looks inside it), the sample tree of every entry kind, a microcode cpio.
   */
  static Appliance sample(String name) throws IOException {
    byte[] kernel = dev.imgc.fs.block.Tools.pattern(300 * 1024, 7);
    byte[] ucode = BootFixtures.cpio(BootFixtures.markerPart(1, "IMGC-"));
    return new Appliance(name, bytes(kernel), CMDLINE, Optional.of(bytes(ucode)), StreamTestSupport.sampleTree(),
        DIGEST, EPOCH);
  }

  /** A bootable appliance: Debian's kernel, a static busybox root whose /init prints {@link #MARKER}. */
  static Appliance bootable(String name) throws IOException {
    Path kernel = BootFixtures.debianKernel();
    byte[] ucode = BootFixtures.cpio(BootFixtures.markerPart(1, "IMGC-"));
    return new Appliance(name, FileBytes.of(kernel), CMDLINE, Optional.of(bytes(ucode)),
        BootFixtures.busyboxRoot("EMIT-BOOTED"), DIGEST, EPOCH);
  }

  static FileBytes bytes(byte[] bytes) {
    return new FileBytes(bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  static Entry.RegularFile unreadable(String path) {
    return new Entry.RegularFile(path, StreamTestSupport.meta(0644), 10, () -> {
      throw new IOException("disk gone");
    });
  }
}
