package dev.imgc.emit;

import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in its own JVM by {@link EmitterStagingTest}: emits the formats named in its second argument
 * ({@code kernel+initrd,oci}) of an appliance whose last file never finishes reading, so the process is
 * still writing when the test stops it.
 */
public final class InterruptedEmit {
  private InterruptedEmit() {}

  public static void main(String[] args) throws Exception {
    Appliance sample = EmitFixtures.sample("sample");
    List<Entry> rootfs = new ArrayList<>(sample.rootfs());
    rootfs.add(new Entry.RegularFile("zzz-endless", StreamTestSupport.meta(0644), 1 << 20, () -> new InputStream() {
      @Override
      public int read() {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return -1;
      }
    }));
    Appliance endless = new Appliance(sample.name(), sample.kernel(), sample.cmdline(), sample.ucode(), rootfs,
        sample.digests(), sample.sourceDateEpoch());
    Emitter.emit(endless, Format.namedList(args[1]), Path.of(args[0]), EmitOptions.defaults());
  }
}
