package dev.imgc.cli;

import dev.imgc.spec.SpecSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code imgc schema}: prints the JSON Schema of a spec, for editors and other tools. */
@Command(name = "schema", description = "Print the JSON Schema (draft-07) of an appliance spec.")
final class SchemaCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    try (InputStream in = SpecSchema.open()) {
      in.transferTo(System.out);
      System.out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }
}
