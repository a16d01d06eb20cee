package dev.imgc.fs.oci;

/** A content-addressed blob of an image layout: its media type, sha256 (hex) and size. */
record Blob(String mediaType, String sha256, long size) {
  String digest() {
    return "sha256:" + sha256;
  }

  String path() {
    return "blobs/sha256/" + sha256;
  }

  String descriptor() {
    return "{\"mediaType\":" + Json.string(mediaType) + ",\"digest\":" + Json.string(digest())
        + ",\"size\":" + size + "}";
  }
}
