package dev.imgc.fs.iso;

/** Gives the names of one directory their identifiers in one hierarchy (ISO 9660 or Joliet), unique there. */
interface DirectoryNames {
  byte[] assign(String name, boolean directory, String path);
}
