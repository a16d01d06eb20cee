package dev.imgc.image.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises read-modify-write cycles of a store's {@code index.json}: across processes with an
 * exclusive {@link FileLock} on a lock file, and across threads of this process with a
 * {@link ReentrantLock}, since the JVM refuses a second file lock on the same file.
 */
final class IndexLock {
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path file;

  IndexLock(Path file) {
    this.file = file;
  }

  interface Action<T> {
    T run() throws IOException;
  }

  <T> T run(Action<T> action) throws IOException {
    ReentrantLock threads = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
    threads.lock();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock processes = channel.lock()) {
      return action.run();
    } finally {
      threads.unlock();
    }
  }
}
