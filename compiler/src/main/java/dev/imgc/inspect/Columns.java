package dev.imgc.inspect;

/**
 * The optional columns of a listing, after an entry's sha256: {@code mtime=SECONDS} and
 * {@code xattrs=NAME=HEX,...}, each only for entries whose format keeps it.
 */
public record Columns(boolean mtime, boolean xattrs) {
  public static final Columns DEFAULT = new Columns(false, false);

  /** The columns {@code listing} has: those a listing read back shows, to be written again the same way. */
  public static Columns of(Listing listing) {
    boolean mtime = false;
    boolean xattrs = false;
    for (Part part : listing.parts()) {
      for (ListedEntry entry : part.entries()) {
        mtime |= entry.mtime() != null;
        xattrs |= entry.xattrs() != null;
      }
    }
    return new Columns(mtime, xattrs);
  }
}
