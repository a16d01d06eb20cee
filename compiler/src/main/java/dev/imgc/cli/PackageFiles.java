package dev.imgc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Writes the files a distribution of imgc installs beside the jar, from the picocli model: the man
 * page ({@code imgc.1}) and the bash completion script ({@code imgc.bash}; zsh runs it through
 * bashcompinit). Run by {@code packaging/build-dist} during {@code mvn package}.
 */
final class PackageFiles {
  private PackageFiles() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: PackageFiles DIR");
      System.exit(2);
    }
    Path directory = Files.createDirectories(Path.of(args[0]));
    Files.writeString(directory.resolve("imgc.1"), ManPage.render(Main.commandLine()), StandardCharsets.UTF_8);
    Files.writeString(directory.resolve("imgc.bash"), AutoComplete.bash("imgc", Main.commandLine()), StandardCharsets.UTF_8);
  }
}
