package dev.imgc.image.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the store's own documents (an index, a manifest, an image config) in their plain shape with
 * Jackson's streaming parser, for {@link OciJson#read}: the mapper's first reading of each type builds
 * its deserializers by reflection, which cost a build that resolves two images in the store about
 * 50 ms of its planning. Anything but the plain shape (a value of another type, a null, a key given
 * twice, malformed JSON) is left to the mapper, which then reads it, or says what is wrong, as it
 * always did: what this reads, the mapper reads the same.
 */
final class PlainOciJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Thrown where the text leaves the plain shape; never escapes this class. */
  private static final class NotPlain extends Exception {
    NotPlain() {
      super(null, null, false, false);
    }
  }

  private final JsonParser parser;

  private PlainOciJson(JsonParser parser) {
    this.parser = parser;
  }

  /** {@code bytes} as {@code type} (an {@link Index}, {@link Manifest} or {@link ImageConfig}), or empty for the mapper to read. */
  static <T> Optional<T> read(byte[] bytes, Class<T> type) {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      PlainOciJson reader = new PlainOciJson(parser);
      parser.nextToken();
      Object value = type == Index.class ? reader.index()
          : type == Manifest.class ? reader.manifest()
          : type == ImageConfig.class ? reader.imageConfig()
          : null;
      return Optional.ofNullable(type.cast(value));
    } catch (NotPlain | IOException | RuntimeException e) {
      return Optional.empty(); // the mapper reads it, or reports it, as it always has
    }
  }

  private Index index() throws IOException, NotPlain {
    int schemaVersion = 0;
    String mediaType = null;
    List<Descriptor> manifests = null;
    SortedMap<String, String> annotations = null;
    Set<String> seen = object();
    for (String name; (name = member(seen)) != null; ) {
      switch (name) {
        case "schemaVersion" -> schemaVersion = intValue();
        case "mediaType" -> mediaType = string();
        case "manifests" -> manifests = descriptors();
        case "annotations" -> annotations = strings();
        default -> parser.skipChildren();
      }
    }
    return new Index(schemaVersion, mediaType, manifests, annotations);
  }

  private Manifest manifest() throws IOException, NotPlain {
    int schemaVersion = 0;
    String mediaType = null;
    String artifactType = null;
    Descriptor config = null;
    List<Descriptor> layers = null;
    SortedMap<String, String> annotations = null;
    Set<String> seen = object();
    for (String name; (name = member(seen)) != null; ) {
      switch (name) {
        case "schemaVersion" -> schemaVersion = intValue();
        case "mediaType" -> mediaType = string();
        case "artifactType" -> artifactType = string();
        case "config" -> config = descriptor();
        case "layers" -> layers = descriptors();
        case "annotations" -> annotations = strings();
        default -> parser.skipChildren();
      }
    }
    return new Manifest(schemaVersion, mediaType, artifactType, config, layers, annotations);
  }

  private ImageConfig imageConfig() throws IOException, NotPlain {
    String created = null;
    String architecture = null;
    String os = null;
    String variant = null;
    RuntimeConfig config = null;
    ImageConfig.RootFs rootfs = null;
    List<ImageConfig.History> history = null;
    Set<String> seen = object();
    for (String name; (name = member(seen)) != null; ) {
      switch (name) {
        case "created" -> created = string();
        case "architecture" -> architecture = string();
        case "os" -> os = string();
        case "variant" -> variant = string();
        case "config" -> config = runtimeConfig();
        case "rootfs" -> rootfs = rootFs();
        case "history" -> history = history();
        default -> parser.skipChildren();
      }
    }
    return new ImageConfig(created, architecture, os, variant, config, rootfs, history);
  }

  private RuntimeConfig runtimeConfig() throws IOException, NotPlain {
    String user = null;
    List<String> env = null;
    List<String> entrypoint = null;
    List<String> cmd = null;
    String workingDir = null;
    SortedMap<String, String> labels = null;
    Set<String> seen = object();
    for (String name; (name = member(seen)) != null; ) {
      switch (name) {
        case "User" -> user = string();
        case "Env" -> env = stringList();
        case "Entrypoint" -> entrypoint = stringList();
        case "Cmd" -> cmd = stringList();
        case "WorkingDir" -> workingDir = string();
        case "Labels" -> labels = strings();
        default -> parser.skipChildren();
      }
    }
    return new RuntimeConfig(user, env, entrypoint, cmd, workingDir, labels);
  }

  private ImageConfig.RootFs rootFs() throws IOException, NotPlain {
    String type = null;
    List<Digest> diffIds = null;
    Set<String> seen = object();
    for (String name; (name = member(seen)) != null; ) {
      switch (name) {
        case "type" -> type = string();
        case "diff_ids" -> {
          diffIds = new ArrayList<>();
          for (expect(JsonToken.START_ARRAY); parser.nextToken() != JsonToken.END_ARRAY; ) {
            diffIds.add(digest());
          }
        }
        default -> parser.skipChildren();
      }
    }
    return new ImageConfig.RootFs(type, diffIds);
  }

  private List<ImageConfig.History> history() throws IOException, NotPlain {
    List<ImageConfig.History> history = new ArrayList<>();
    for (expect(JsonToken.START_ARRAY); parser.nextToken() != JsonToken.END_ARRAY; ) {
      String created = null;
      String createdBy = null;
      Boolean emptyLayer = null;
      Set<String> seen = object();
      for (String name; (name = member(seen)) != null; ) {
        switch (name) {
          case "created" -> created = string();
          case "created_by" -> createdBy = string();
          case "empty_layer" -> emptyLayer = booleanValue();
          default -> parser.skipChildren();
        }
      }
      history.add(new ImageConfig.History(created, createdBy, emptyLayer));
    }
    return history;
  }

  private List<Descriptor> descriptors() throws IOException, NotPlain {
    List<Descriptor> descriptors = new ArrayList<>();
    for (expect(JsonToken.START_ARRAY); parser.nextToken() != JsonToken.END_ARRAY; ) {
      descriptors.add(descriptor());
    }
    return descriptors;
  }

  private Descriptor descriptor() throws IOException, NotPlain {
    String mediaType = null;
    Digest digest = null;
    long size = 0;
    SortedMap<String, String> annotations = null;
    Platform platform = null;
    Set<String> seen = object();
    for (String name; (name = member(seen)) != null; ) {
      switch (name) {
        case "mediaType" -> mediaType = string();
        case "digest" -> digest = digest();
        case "size" -> size = longValue();
        case "annotations" -> annotations = strings();
        case "platform" -> platform = platform();
        default -> parser.skipChildren();
      }
    }
    return new Descriptor(mediaType, digest, size, annotations, platform);
  }

  private Platform platform() throws IOException, NotPlain {
    String architecture = null;
    String os = null;
    String variant = null;
    Set<String> seen = object();
    for (String name; (name = member(seen)) != null; ) {
      switch (name) {
        case "architecture" -> architecture = string();
        case "os" -> os = string();
        case "variant" -> variant = string();
        default -> parser.skipChildren();
      }
    }
    return new Platform(architecture, os, variant);
  }

  /** Starts reading the object at the current token: the names {@link #member} has met. */
  private Set<String> object() throws NotPlain {
    expect(JsonToken.START_OBJECT);
    return new HashSet<>();
  }

  /**
   * The next member's name, with the parser left on its value's first token; null past the object's
   * end. A name given twice is not plain.
   */
  private String member(Set<String> seen) throws IOException, NotPlain {
    if (parser.nextToken() != JsonToken.FIELD_NAME) {
      return null;
    }
    String name = parser.currentName();
    if (!seen.add(name)) {
      throw new NotPlain();
    }
    parser.nextToken();
    return name;
  }

  private SortedMap<String, String> strings() throws IOException, NotPlain {
    SortedMap<String, String> map = new TreeMap<>();
    Set<String> seen = object();
    for (String name; (name = member(seen)) != null; ) {
      map.put(name, string());
    }
    return map;
  }

  private List<String> stringList() throws IOException, NotPlain {
    List<String> list = new ArrayList<>();
    for (expect(JsonToken.START_ARRAY); parser.nextToken() != JsonToken.END_ARRAY; ) {
      list.add(string());
    }
    return list;
  }

  private String string() throws NotPlain {
    expect(JsonToken.VALUE_STRING);
    try {
      return parser.getText();
    } catch (IOException e) {
      throw new NotPlain();
    }
  }

  private Digest digest() throws NotPlain {
    return Digest.parse(string());
  }

  private Boolean booleanValue() throws NotPlain {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw new NotPlain();
    }
    return token == JsonToken.VALUE_TRUE;
  }

  private int intValue() throws IOException, NotPlain {
    expect(JsonToken.VALUE_NUMBER_INT);
    if (parser.getNumberType() != JsonParser.NumberType.INT) {
      throw new NotPlain();
    }
    return parser.getIntValue();
  }

  private long longValue() throws IOException, NotPlain {
    expect(JsonToken.VALUE_NUMBER_INT);
    JsonParser.NumberType type = parser.getNumberType();
    if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
      throw new NotPlain();
    }
    return parser.getLongValue();
  }

  private void expect(JsonToken token) throws NotPlain {
    if (parser.currentToken() != token) {
      throw new NotPlain();
    }
  }
}
