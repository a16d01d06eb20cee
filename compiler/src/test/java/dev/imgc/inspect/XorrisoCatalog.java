package dev.imgc.inspect;

import dev.imgc.fs.block.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The El Torito rows an ISO should list, as {@code xorriso -report_el_torito plain} reads its catalog. */
final class XorrisoCatalog {
  private static final Pattern BOOT_IMAGE =
      Pattern.compile("El Torito boot img :\\s+(\\d+)\\s+(\\w+)\\s+(\\w)\\s+(\\w+)\\s+(0x\\w+)\\s+0x\\w+\\s+(\\d+)\\s+(\\d+)");
  private static final Pattern IMAGE_PATH = Pattern.compile("El Torito img path :\\s+(\\d+)\\s+/(\\S+)");
  private static final Map<String, String> PLATFORMS = Map.of("BIOS", "x86", "UEFI", "efi");

  private XorrisoCatalog() {}

  /** One row per boot image; {@code sizeOf} gives the size of the file an entry boots. */
  static List<String> rows(Path iso, ToLongFunction<String> sizeOf) throws IOException, InterruptedException {
    String report = Tools.check("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain");
    List<String> rows = new ArrayList<>();
    Matcher image = BOOT_IMAGE.matcher(report);
    Matcher path = IMAGE_PATH.matcher(report);
    while (image.find() && path.find()) {
      String file = path.group(2);
      rows.add(String.join(" ", "entry=" + image.group(1), "bootable=" + (image.group(3).equals("y") ? "yes" : "no"),
          "platform=" + PLATFORMS.get(image.group(2)), "emulation=" + image.group(4), "load-segment=" + image.group(5),
          "system-type=0x00", "sectors=" + image.group(6), "lba=" + image.group(7), "image=" + file,
          "size=" + sizeOf.applyAsLong(file)));
    }
    return rows;
  }
}
