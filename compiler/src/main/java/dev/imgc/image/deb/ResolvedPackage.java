package dev.imgc.image.deb;

/**
 * One package of a resolved closure: what to download, and the SHA256 apt's signed index gives for it.
 *
 * @param fileName the base name of the {@code .deb} in the archive's pool, also its name in imgc's cache
 */
record ResolvedPackage(String name, String version, String fileName, String sha256) {
  ResolvedPackage {
    if (fileName.isEmpty() || fileName.contains("/") || fileName.equals(".") || fileName.equals("..")) {
      throw new IllegalArgumentException("not a package file name: " + fileName);
    }
  }
}
