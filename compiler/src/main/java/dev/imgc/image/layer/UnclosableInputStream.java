package dev.imgc.image.layer;

import java.io.FilterInputStream;
import java.io.InputStream;

/**
 * A view of a stream that others go on reading after this reader is done, such as a layer's tar
 * shared by the readers of its members: closing the view leaves the stream open.
 */
public final class UnclosableInputStream extends FilterInputStream {
  public UnclosableInputStream(InputStream shared) {
    super(shared);
  }

  @Override
  public void close() {
    // deliberately nothing: see the class comment
  }
}
