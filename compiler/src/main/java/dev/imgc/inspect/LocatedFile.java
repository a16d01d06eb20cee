package dev.imgc.inspect;

/** What {@code imgc inspect --cat} says about a location that is not a whole file it read. */
public final class LocatedFile {
  private LocatedFile() {}

  /**
   * Checks that {@code location} is a file of {@code listing} whose content was copied whole
   * ({@code copied} bytes); otherwise the end of a sentence that starts with the artifact's name,
   * saying what it is and what to do.
   */
  public static void check(Listing listing, String location, long copied) throws InspectException {
    String shown = SafeText.escape(location);
    for (Part part : listing.parts()) {
      for (ListedEntry entry : part.entries()) {
        if (!part.locate(entry.path()).equals(location)) {
          continue;
        }
        switch (entry.type()) {
          case FILE -> {
            if (entry.size() != copied) {
              throw new InspectException("keeps the content of the hard-linked " + shown
                  + " with another of its names; print that name");
            }
            return;
          }
          case HARDLINK -> throw new InspectException("holds " + shown + " as a hard link: print " + SafeText.escape(
              part.locate(entry.target())) + ", the name it links to");
          case SYMLINK -> throw new InspectException("holds " + shown + " as a symlink to " + SafeText.escape(entry.target()));
          default -> throw new InspectException("holds " + shown + " as a " + entry.type().label() + ", not a file");
        }
      }
    }
    throw new InspectException("holds no file " + shown + "; `imgc inspect -r` lists the locations it holds");
  }
}
