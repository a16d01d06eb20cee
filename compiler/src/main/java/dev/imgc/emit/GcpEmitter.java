package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.vdisk.GceImageArchive;
import dev.imgc.fs.vdisk.RawDisk;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code gcp}: {@code NAME.img.tar.gz}, the BIOS disk as {@code disk.raw} in a gzip'd GNU tar, the
 * archive Google Compute Engine makes an image from ({@code gcloud compute images create
 * --source-uri gs://…}).
 */
final class GcpEmitter implements FormatEmitter {
  @Override
  public List<Path> hostFiles(BootAssets assets, Architecture architecture) throws IOException {
    return BootDisk.BIOS.hostFiles(assets, architecture);
  }

  @Override
  public void emit(Emission emission) throws IOException {
    RawDisk disk = RawDisk.of(emission.disk(BootDisk.BIOS));
    try (OutputStream out = Files.newOutputStream(emission.output(Format.GCP))) {
      GceImageArchive.write(disk, emission.time(), out);
    }
  }

  @Override
  public boolean holdsBootDisk() {
    return true;
  }
}
