package dev.imgc.boot;

import java.util.List;

/** A bootloader file an artifact needs is on neither the host nor in {@code --boot-assets}. */
public final class MissingBootAssetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MissingBootAssetException(BootAsset asset, List<String> searched) {
    super(asset.fileName() + " was not found (looked in " + String.join(", ", searched) + "); "
        + asset.packageHint() + ", or pass --boot-assets DIR holding it");
  }
}
