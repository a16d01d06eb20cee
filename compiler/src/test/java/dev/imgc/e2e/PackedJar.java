package dev.imgc.e2e;

import dev.imgc.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * imgc's classes and libraries in one jar run by {@code java -jar}, as the build's shade plugin packs
 * target/imgc.jar (service files merged, signatures left out), made from this JVM's class path: the
 * tests run before the build packs the real one, and a start-up archive can only be made of jars.
 */
final class PackedJar {
  private static final String SERVICES = "META-INF/services/";

  private PackedJar() {}

  /** Writes the jar to {@code file}: imgc's main classes and every jar on the class path. */
  static Path pack(Path file) throws IOException {
    Path mainClasses;
    try {
      mainClasses = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
    Set<String> written = new HashSet<>(Set.of(JarFile.MANIFEST_NAME));
    Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
    try (OutputStream stream = Files.newOutputStream(file); JarOutputStream out = new JarOutputStream(stream, manifest)) {
      out.setLevel(Deflater.BEST_SPEED);
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path path = Path.of(entry);
        if (path.equals(mainClasses)) {
          try (Stream<Path> files = Files.walk(path)) {
            for (Path member : files.filter(Files::isRegularFile).sorted().toList()) {
              try (InputStream in = Files.newInputStream(member)) {
                add(out, path.relativize(member).toString().replace(File.separatorChar, '/'), in, written, services);
              }
            }
          }
        } else if (entry.endsWith(".jar")) {
          try (JarFile jar = new JarFile(path.toFile())) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
              JarEntry member = entries.nextElement();
              if (!member.isDirectory()) {
                try (InputStream in = jar.getInputStream(member)) {
                  add(out, member.getName(), in, written, services);
                }
              }
            }
          }
        }
      }
      for (Map.Entry<String, ByteArrayOutputStream> service : services.entrySet()) {
        out.putNextEntry(new JarEntry(service.getKey()));
        service.getValue().writeTo(out);
        out.closeEntry();
      }
    }
    return file;
  }

  /** Adds one member, the first of a name; a service file's lines are gathered from every jar instead. */
  private static void add(JarOutputStream out, String name, InputStream in, Set<String> written,
      Map<String, ByteArrayOutputStream> services) throws IOException {
    if (name.startsWith(SERVICES) && name.length() > SERVICES.length()) {
      ByteArrayOutputStream lines = services.computeIfAbsent(name, n -> new ByteArrayOutputStream());
      in.transferTo(lines);
      lines.write('\n');
      return;
    }
    boolean signature = name.startsWith("META-INF/")
        && List.of(".SF", ".DSA", ".RSA", ".EC").stream().anyMatch(name::endsWith);
    if (signature || !written.add(name)) {
      return;
    }
    out.putNextEntry(new JarEntry(name));
    in.transferTo(out);
    out.closeEntry();
  }
}
