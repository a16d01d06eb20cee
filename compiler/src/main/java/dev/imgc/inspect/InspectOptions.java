package dev.imgc.inspect;

/**
 * How an artifact is listed.
 *
 * @param recursive whether artifacts held in the artifact (an initrd in an ISO, a FAT image, a UKI's
 *     {@code .initrd}) are listed too, each under its location
 * @param bounds how far a hostile artifact may make the readers go
 * @param captures files whose content is copied out as they are read
 */
public record InspectOptions(boolean recursive, ReadBounds bounds, Captures captures) {
  public static final InspectOptions SHALLOW = new InspectOptions(false, ReadBounds.DEFAULT, Captures.NONE);
  public static final InspectOptions RECURSIVE = new InspectOptions(true, ReadBounds.DEFAULT, Captures.NONE);

  public InspectOptions withBounds(ReadBounds readBounds) {
    return new InspectOptions(recursive, readBounds, captures);
  }

  public InspectOptions withCaptures(Captures wanted) {
    return new InspectOptions(recursive, bounds, wanted);
  }
}
