package dev.imgc.inspect;

import java.util.Locale;
import java.util.Map;

/** Names of the common partition types; any other is shown by its number or GUID. */
final class PartitionTypes {
  private static final Map<Integer, String> MBR = Map.ofEntries(
      Map.entry(0x01, "FAT12"),
      Map.entry(0x04, "FAT16 <32M"),
      Map.entry(0x05, "Extended"),
      Map.entry(0x06, "FAT16"),
      Map.entry(0x07, "NTFS/exFAT"),
      Map.entry(0x0b, "FAT32"),
      Map.entry(0x0c, "FAT32 (LBA)"),
      Map.entry(0x0e, "FAT16 (LBA)"),
      Map.entry(0x0f, "Extended (LBA)"),
      Map.entry(0x17, "Hidden NTFS/exFAT"),
      Map.entry(0x82, "Linux swap"),
      Map.entry(0x83, "Linux"),
      Map.entry(0x85, "Linux extended"),
      Map.entry(0x8e, "Linux LVM"),
      Map.entry(0xee, "GPT protective"),
      Map.entry(0xef, "EFI System"));

  private static final Map<String, String> GPT = Map.of(
      "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "EFI System",
      "21686148-6449-6E6F-744E-656564454649", "BIOS boot",
      "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "Linux filesystem",
      "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", "Linux root (x86-64)",
      "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "Linux swap",
      "E6D6D379-F507-44C2-A23C-238F2A3DF928", "Linux LVM",
      "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", "Microsoft basic data",
      "BC13C2FF-59E6-4262-A352-B275FD6F7172", "Linux extended boot");

  private PartitionTypes() {}

  static String mbr(int id) {
    return MBR.getOrDefault(id, String.format(Locale.ROOT, "type 0x%02x", id));
  }

  static String gpt(String guid) {
    return GPT.getOrDefault(guid, guid);
  }
}
