package dev.imgc.image.store;

/** Hears how a long transfer advances; the command line shows it on a terminal and stays quiet otherwise. */
public interface Progress {
  Progress NONE = new Progress() {
    @Override
    public void start(String what, long total) {}

    @Override
    public void advance(long bytes) {}

    @Override
    public void done() {}
  };

  /** A transfer of {@code total} bytes (or -1 if unknown) begins. */
  void start(String what, long total);

  void advance(long bytes);

  void done();
}
