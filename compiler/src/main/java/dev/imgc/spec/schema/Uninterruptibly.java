package dev.imgc.spec.schema;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a task run on another thread as if it had run on this one. */
final class Uninterruptibly {
  private Uninterruptibly() {}

  /**
   * The task's result, waited out through interrupts (as a class initialisation would be, the interrupt
   * kept for later); its failure is thrown here as it was thrown there.
   */
  static <T> T get(Future<T> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
