package dev.imgc.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of {@code imgc} as its own process, as a user or a CI job runs it: its exit status and
 * what it printed (stdout kept as bytes too, for {@code inspect --cat}).
 */
record ImgcProcess(int status, byte[] stdout, String err) {
  /** The java command and class path of this JVM, running {@code dev.imgc.cli.Main}. */
  static List<String> command() {
    return command(List.of());
  }

  private static List<String> command(List<String> jvmOptions) {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.imgc.cli.Main"));
    return command;
  }

  /** Runs {@code imgc ARGS...} in {@code cwd}, stdout and stderr to files there, and waits for it. */
  static ImgcProcess run(Path cwd, String... args) throws IOException, InterruptedException {
    return run(cwd, Map.of(), args);
  }

  /** Runs {@code imgc ARGS...} in {@code cwd} with {@code environment} added to this process's. */
  static ImgcProcess run(Path cwd, Map<String, String> environment, String... args) throws IOException, InterruptedException {
    return run(cwd, environment, List.of(), args);
  }

  /**
   * A run, and whether it parsed its command line: the JVM logs the classes the process loads, and
   * picocli loads {@value #PARSER} to parse any command line, and only then.
   */
  record Parsing(ImgcProcess run, boolean parsed) {
    private static final String PARSER = "picocli.CommandLine$Interpreter";
  }

  /** Runs {@code imgc ARGS...} as {@link #run(Path, Map, String...)} does, telling whether it parsed them. */
  static Parsing runParsing(Path cwd, Map<String, String> environment, List<String> args)
      throws IOException, InterruptedException {
    Path classes = Files.createTempFile(cwd, "imgc-classes-", ".log");
    try {
      ImgcProcess run = run(cwd, environment, List.of("-Xlog:class+load=info:file=" + classes), args.toArray(String[]::new));
      return new Parsing(run, Files.readString(classes).contains(Parsing.PARSER + " "));
    } finally {
      Files.deleteIfExists(classes);
    }
  }

  private static ImgcProcess run(Path cwd, Map<String, String> environment, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(command(jvmOptions));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(cwd, "imgc-stdout-", ".txt");
    Path err = Files.createTempFile(cwd, "imgc-stderr-", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().putAll(environment);
      int status = builder.start().waitFor();
      return new ImgcProcess(status, Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "exit " + status + "\nstdout:\n" + out() + "\nstderr:\n" + err;
  }
}
