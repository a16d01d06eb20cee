package dev.imgc.fs.vdisk;

import java.io.IOException;

/**
 * Writes a raw disk into a virtual disk container that a hypervisor runs: qcow2, VHD or VMDK. The
 * container holds the same disk, byte for byte, and stores only the raw disk's chunks that are not
 * zero (the fixed VHD stores every byte, leaving zeros as holes in the file).
 */
public sealed interface VirtualDiskWriter permits Qcow2Writer, VhdWriter, VmdkWriter {
  void write(RawDisk disk, SparseOutput out) throws IOException;
}
