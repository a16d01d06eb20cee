package dev.imgc.image.store;

/**
 * Hears how long work advances: transfers and unpacking, by bytes, and the phases of a command. The
 * command line draws it as a bar on a terminal, as one line per step otherwise, or not at all.
 */
public interface Progress {
  Progress NONE = new Progress() {
    @Override
    public void start(String what, long total) {}

    @Override
    public void advance(long bytes) {}

    @Override
    public void done() {}
  };

  /** A step of {@code total} bytes (or -1 if unknown) begins. */
  void start(String what, long total);

  void advance(long bytes);

  /** The step begun last has ended, finished or failed. */
  void done();

  /** A phase of the work begins: said when the user asks what each phase does, heard by none by default. */
  default void phase(String description) {}
}
