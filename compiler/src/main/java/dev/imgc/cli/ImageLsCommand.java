package dev.imgc.cli;

import dev.imgc.image.ImageException;
import dev.imgc.image.ImportMemo;
import dev.imgc.image.StoredImage;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.store.ImageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/**
 * {@code imgc image ls}: the images in the store, one a line; an image without a name (as
 * {@code imgc image repair} may leave one) by its digest. A damaged image is listed as such, its
 * error printed after the list, and the status is then 1. The store's memos of imports ({@link
 * ImportMemo}) are imgc's own entries, not images, and are not listed.
 */
@Command(name = "ls", description = {"List the images in the store: REF, DIGEST, PLATFORM, SIZE, CREATED.",
    "A damaged image is marked (damaged) and explained on stderr; the exit status is then 1."})
final class ImageLsCommand extends ImageSubcommand {
  @Override
  int execute() {
    ImageStore opened = openStore();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"REF", "DIGEST", "PLATFORM", "SIZE", "CREATED"});
    List<String> damaged = new ArrayList<>();
    for (Descriptor entry : opened.images()) {
      String name = entry.refName().orElse(entry.digest().toString());
      if (ImportMemo.isMemo(name)) {
        continue;
      }
      if (!MediaTypes.isManifest(entry.mediaType())) {
        rows.add(new String[] {name, entry.digest().shortHex(), "-", "-", "(" + entry.mediaType() + ")"});
        continue;
      }
      try {
        StoredImage image = StoredImage.load(opened, name, entry);
        long bytes = image.manifest().config().size() + image.manifest().layers().stream().mapToLong(Descriptor::size).sum();
        String created = image.config().created() == null ? "-" : image.config().created();
        rows.add(new String[] {name, entry.digest().shortHex(), platform(image), size(bytes), created});
      } catch (ImageException e) { // one damaged image hides none of the others
        rows.add(new String[] {name, entry.digest().shortHex(), "-", "-", "(damaged)"});
        damaged.add(e.getMessage());
      }
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      System.out.printf("%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %" + widths[3] + "s  %s%n",
          row[0], row[1], row[2], row[3], row[4]);
    }
    damaged.forEach(message -> System.err.println("imgc: error: " + message));
    return damaged.isEmpty() ? 0 : 1;
  }

  /** The platform the image's config names ({@code linux/arm64}), {@code -} when it names no architecture. */
  private static String platform(StoredImage image) {
    return image.config().architecture() == null ? "-" : image.config().platform().toString();
  }

  /** A byte count as people read it: {@code 912 B}, {@code 3.4 MB} (powers of 1000, as Docker prints). */
  static String size(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
