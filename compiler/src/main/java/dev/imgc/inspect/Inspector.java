package dev.imgc.inspect;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Lists what an artifact holds. The format is recognised by the artifact's bytes, never its name:
 * block images (ISO 9660, PE, FAT, MBR or GPT disks) by their structures at fixed offsets, the
 * rest as streams (cpio and tar, plain or compressed).
 */
public final class Inspector {
  private Inspector() {}

  /** Lists {@code file} without what it nests; an artifact that cannot be read is an {@link InspectException} naming it. */
  public static Listing inspect(Path file) throws InspectException {
    return inspect(file, InspectOptions.SHALLOW);
  }

  /** Lists {@code file} as {@code options} say; an artifact that cannot be read is an {@link InspectException} naming it. */
  public static Listing inspect(Path file, InspectOptions options) throws InspectException {
    String name = SafeText.escape(file.toString());
    try {
      if (!Files.isRegularFile(file)) {
        throw new InspectException(Files.exists(file) ? "is not a regular file" : "does not exist");
      }
      if (Files.size(file) == 0) {
        throw new InspectException("is empty");
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        Region whole = new Region(channel, 0, channel.size());
        ReadScope scope = ReadScope.root(options, channel.size(), whole.span());
        BlockFormat format = BlockFormat.of(whole);
        if (format != null) {
          format.read(whole, scope);
        } else {
          StreamArtifact.read(() -> Files.newInputStream(file), scope);
        }
        return scope.listing();
      }
    } catch (InspectException e) {
      throw new InspectException(name + " " + e.getMessage(), e);
    } catch (BoundException e) {
      throw new InspectException(name + " " + e.getMessage(), e);
    } catch (AccessDeniedException e) {
      throw new InspectException(name + " cannot be read: permission denied", e);
    } catch (NoSuchFileException e) {
      throw new InspectException(name + " does not exist", e);
    } catch (EOFException e) {
      throw new InspectException(name + " is truncated: it ends in the middle of an entry", e);
    } catch (IOException e) {
      throw new InspectException(name + " is truncated or corrupt: " + SafeText.escape(String.valueOf(e.getMessage())), e);
    }
  }
}
