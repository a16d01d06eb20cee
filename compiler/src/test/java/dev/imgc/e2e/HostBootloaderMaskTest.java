package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the mask hides (the host's bootloader bytes and the figures they move) and what it keeps. */
class HostBootloaderMaskTest {
  @Test
  void masksHostFilesAndTheGeometryTheirSizesMoveButKeepsImgcsOwnValues() {
    String listing = """
        volume-id=IMGC_D1A6A98289FA block-size=2048 blocks=512
        isolinux/isolinux.bin file 0644 0:0 38912 c4e871aa
        isolinux/isolinux.cfg file 0644 0:0 210 f2620a74
        ldlinux.sys file 0444 0:0 59392 32e9ca19
        disk.raw file 0644 0:0 3145728 ae25e9f3
        disk.raw!/partition-1!/syslinux.cfg file 0644 0:0 210 f2620a74
        entry=1 bootable=yes platform=x86 sectors=4 lba=26 image=isolinux/isolinux.bin size=38912
        type=FAT12 label=IMGC serial=7435-72E0 cluster-size=512 clusters=2066
        partition=1 start=2048 sectors=2113 type=FAT12 type-id=0x01 bootable=yes
        layer=1 digest=sha256:0a98 media-type=application/vnd.oci.image.layer.v1.tar+gzip size=1488
        section=.text address=0x4000 size=49136 sha256=a54a758a
        section=.cmdline address=0x19600 size=19 sha256=2b5f12a1 text="console=ttyS0 quiet"
        """;
    assertEquals("""
        volume-id=IMGC_D1A6A98289FA block-size=2048 blocks=(host)
        isolinux/isolinux.bin file 0644 0:0 (host) (host)
        isolinux/isolinux.cfg file 0644 0:0 210 f2620a74
        ldlinux.sys file 0444 0:0 (host) (host)
        disk.raw file 0644 0:0 (host) (host)
        disk.raw!/partition-1!/syslinux.cfg file 0644 0:0 210 f2620a74
        entry=1 bootable=yes platform=x86 sectors=(host) lba=(host) image=isolinux/isolinux.bin size=(host)
        type=FAT12 label=IMGC serial=7435-72E0 cluster-size=512 clusters=(host)
        partition=1 start=2048 sectors=(host) type=FAT12 type-id=0x01 bootable=yes
        layer=1 digest=sha256:0a98 media-type=application/vnd.oci.image.layer.v1.tar+gzip size=1488
        section=.text address=(host) size=(host) sha256=(host)
        section=.cmdline address=(host) size=19 sha256=2b5f12a1 text="console=ttyS0 quiet"
        """, HostBootloaderMask.apply(listing));
  }
}
