package dev.imgc.inspect;

/**
 * How far a hostile artifact may make the readers go before it is refused with one sentence.
 *
 * @param maxDepth artifacts nested in artifacts, at most this deep ({@code a.iso!/efi.img!/initrd.img} is 2)
 * @param maxEntries entries in all parts of one listing, nested ones included
 * @param expansionFactor with {@code expansionAllowance}: the bytes decompressed or read again for
 *     nested artifacts may be at most {@code expansionFactor} times the artifact's size plus
 *     {@code expansionAllowance}; deflate expands at most about 1032 times, so only a decompression
 *     bomb (compression nested in compression) or an artifact that nests itself reaches it
 * @param expansionAllowance see {@code expansionFactor}
 */
public record ReadBounds(int maxDepth, long maxEntries, long expansionFactor, long expansionAllowance) {
  /** What {@code imgc inspect} and {@code imgc diff} use. */
  public static final ReadBounds DEFAULT = new ReadBounds(8, 1_000_000, 1000, 1L << 30);

  /** The most bytes an artifact of {@code size} bytes may expand to. */
  long expansionLimit(long size) {
    long factor = size > Long.MAX_VALUE / Math.max(1, expansionFactor) ? Long.MAX_VALUE : size * expansionFactor;
    return factor > Long.MAX_VALUE - expansionAllowance ? Long.MAX_VALUE : factor + expansionAllowance;
  }
}
