package dev.imgc.inspect;

import java.io.IOException;

/**
 * An artifact refused for going past one of the {@link ReadBounds}: the message is the end of a
 * sentence that starts with the artifact's name. It is an {@link IOException} so that it leaves the
 * readers the way a damaged artifact does, but a nested artifact's damage is forgiven and this never is.
 */
final class BoundException extends IOException {
  BoundException(String message) {
    super(message);
  }
}
