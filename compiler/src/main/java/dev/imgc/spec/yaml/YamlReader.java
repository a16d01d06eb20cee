package dev.imgc.spec.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.spec.Diagnostics;
import dev.imgc.spec.Position;
import dev.imgc.spec.Rule;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads one YAML document into a JSON tree and a {@link SourceMap}, straight from SnakeYAML Engine's
 * event stream (YAML 1.2). Building from events, with an explicit stack, lets it check what a
 * composed node graph would hide or crash on: duplicate keys, a second document, nesting too deep
 * for a recursive walk, and aliases that expand to an enormous tree.
 */
public final class YamlReader {
  /** Deeper than any spec needs; deep enough that no honest file reaches it. */
  public static final int MAX_DEPTH = 64;

  /** Values in the expanded tree, counting every copy an alias makes. */
  public static final int MAX_NODES = 100_000;

  /**
   * The largest spec imgc reads, in bytes of UTF-8 (4 MiB, as README.md says). No honest spec comes
   * near it; it bounds the memory and time a hostile file can take.
   */
  public static final int MAX_INPUT_BYTES = 4 << 20;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Diagnostics diagnostics;
  private final Map<String, Position> values = new HashMap<>();
  private final Map<String, Position> keys = new HashMap<>();
  private final Set<String> plainScalars = new HashSet<>();
  private final Map<String, JsonNode> anchors = new HashMap<>();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private JsonNode root;
  private int nodeCount;
  private boolean parseFailed;

  private YamlReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Reads {@code text}; on a problem reports it to {@code diagnostics} and returns empty. */
  public static Optional<SourceDocument> read(String text, Diagnostics diagnostics) {
    Optional<Position> beyondLimit = beyondInputLimit(text);
    if (beyondLimit.isPresent()) {
      diagnostics.error(beyondLimit.get(), Rule.INPUT_SIZE, "the file is larger than imgc's input limit of "
          + (MAX_INPUT_BYTES >> 20) + " MiB, which it passes here; put large contents into files of their own and name them with 'source:'");
      return Optional.empty();
    }
    YamlReader reader = new YamlReader(diagnostics);
    if (!reader.readEvents(text)) {
      return Optional.empty();
    }
    JsonNode root = reader.root == null ? NODES.nullNode() : reader.root;
    SourceMap map = new SourceMap(reader.values, reader.keys, reader.plainScalars);
    return Optional.of(new SourceDocument(diagnostics.file(), text, root, map));
  }

  /**
   * Where {@code text} passes {@link #MAX_INPUT_BYTES} bytes of UTF-8: the line and column (in code
   * points, as the parser counts) of the character holding the first byte too many.
   */
  private static Optional<Position> beyondInputLimit(String text) {
    long bytes = 0;
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (bytes > MAX_INPUT_BYTES) {
        return Optional.of(Position.onLine(line, column, 1));
      }
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
      i += Character.charCount(c);
    }
    return Optional.empty();
  }

  private boolean readEvents(String text) {
    LoadSettings settings = LoadSettings.builder()
        .setLabel(diagnostics.file())
        // The scanner copies its whole window of unread text each time it reads another buffer-full,
        // and a scalar stays in that window until it ends: with the default small buffer a long
        // scalar costs time quadratic in its length. One buffer holding the whole text reads it once.
        .setBufferSize(text.length() + 1)
        .setCodePointLimit(MAX_INPUT_BYTES) // never reached: read() has refused longer text already
        .build();
    Iterator<Event> events = new Parse(settings).parseString(text).iterator();
    int documents = 0;
    for (Optional<Event> next = next(events); next.isPresent(); next = next(events)) {
      Event event = next.get();
      if (event.getEventId() == Event.ID.DocumentStart && ++documents > 1) {
        diagnostics.error(
            start(event),
            Rule.YAML_MULTIPLE_DOCUMENTS,
            "a spec file holds one YAML document; move this one into a file of its own");
        return false;
      }
      if (!take(event)) {
        return false;
      }
    }
    return !parseFailed;
  }

  /** The parser's next event; empty at the end, or after reporting why the text is not YAML. */
  private Optional<Event> next(Iterator<Event> events) {
    try {
      return events.hasNext() ? Optional.of(events.next()) : Optional.empty();
    } catch (MarkedYamlEngineException e) {
      syntaxError(e);
    } catch (YamlEngineException e) {
      diagnostics.error(Position.START, Rule.YAML_SYNTAX, "the file is not valid YAML: " + e.getMessage());
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // SnakeYAML's scanner fails this way on a unicode escape cut short by the end of the file.
      diagnostics.error(Position.START, Rule.YAML_SYNTAX,
          "the file is not valid YAML: the parser stopped on a malformed escape sequence in a quoted string");
    }
    parseFailed = true;
    return Optional.empty();
  }

  /** Adds one event's node to the tree; false when it was a problem that ends reading. */
  private boolean take(Event event) {
    return switch (event.getEventId()) {
      case Scalar -> scalar((ScalarEvent) event);
      case Alias -> alias((AliasEvent) event);
      case MappingStart, SequenceStart -> collectionStart((CollectionStartEvent) event);
      case MappingEnd, SequenceEnd -> {
        collectionEnd(event);
        yield true;
      }
      default -> true;
    };
  }

  private void syntaxError(MarkedYamlEngineException e) {
    Position at = e.getProblemMark().or(e::getContextMark).map(YamlReader::point).orElse(Position.START);
    String problem = Optional.ofNullable(e.getProblem()).orElse("malformed YAML");
    if (problem.contains("\\t") || problem.contains("\t")) {
      diagnostics.error(at, Rule.YAML_TAB, "a tab is used for indentation here; indent YAML with spaces");
    } else {
      String context = e.getContext() == null ? "" : e.getContext() + ": ";
      diagnostics.error(at, Rule.YAML_SYNTAX, "the file is not valid YAML: " + context + problem);
    }
  }

  private boolean scalar(ScalarEvent event) {
    Frame parent = stack.peek();
    if (parent instanceof MappingFrame mapping && mapping.pendingKey == null) {
      mapping.takeKey(event.getValue(), range(event), diagnostics);
      return true;
    }
    Optional<JsonNode> value = scalarValue(event);
    if (value.isEmpty()) {
      return false;
    }
    String pointer = place(value.get(), range(event), event);
    if (pointer != null && event.isPlain() && value.get().isValueNode()) {
      plainScalars.add(pointer);
    }
    return true;
  }

  private Optional<JsonNode> scalarValue(ScalarEvent event) {
    String text = event.getValue();
    Optional<String> tag = event.getTag();
    if (tag.isEmpty() || tag.get().equals("!")) {
      return Optional.of(event.isPlain() ? ScalarTypes.plain(text) : NODES.textNode(text));
    }
    Tag explicit = new Tag(tag.get());
    if (explicit.equals(Tag.STR)) {
      return Optional.of(NODES.textNode(text));
    }
    if (explicit.equals(Tag.INT) || explicit.equals(Tag.FLOAT) || explicit.equals(Tag.BOOL) || explicit.equals(Tag.NULL)) {
      return Optional.of(ScalarTypes.typed(explicit, text));
    }
    diagnostics.error(
        range(event), Rule.YAML_TAG, "the tag " + tag.get() + " is not supported; remove it (specs use plain YAML values)");
    return Optional.empty();
  }

  private boolean alias(AliasEvent event) {
    String anchor = event.getAlias().getValue();
    JsonNode target = anchors.get(anchor);
    if (target == null) {
      diagnostics.error(range(event), Rule.YAML_SYNTAX, "the alias *" + anchor + " refers to no anchor defined before it");
      return false;
    }
    if (!count(target, event)) {
      return false;
    }
    Frame parent = stack.peek();
    if (parent instanceof MappingFrame mapping && mapping.pendingKey == null) {
      diagnostics.error(range(event), Rule.YAML_SYNTAX, "an alias cannot be a mapping key; write the key out");
      return false;
    }
    place(target.deepCopy(), range(event), event);
    return true;
  }

  /** Counts the nodes an alias copies, failing once the whole tree would grow too big. */
  private boolean count(JsonNode target, Event event) {
    Deque<JsonNode> pending = new ArrayDeque<>();
    pending.push(target);
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (++nodeCount > MAX_NODES) {
        diagnostics.error(
            range(event),
            Rule.YAML_LIMIT,
            "aliases expand this document to more than " + MAX_NODES + " values; write the repeated parts out or use fewer aliases");
        return false;
      }
      node.forEach(pending::push);
    }
    return true;
  }

  private boolean collectionStart(CollectionStartEvent event) {
    Frame parent = stack.peek();
    if (parent instanceof MappingFrame mapping && mapping.pendingKey == null) {
      diagnostics.error(range(event), Rule.YAML_SYNTAX, "a mapping key must be a single value, not a list or mapping");
      return false;
    }
    if (stack.size() >= MAX_DEPTH) {
      diagnostics.error(
          range(event), Rule.YAML_LIMIT, "the document nests deeper than " + MAX_DEPTH + " levels; flatten it");
      return false;
    }
    if (event.getTag().isPresent() && !event.getTag().get().equals("!")) {
      Tag tag = new Tag(event.getTag().get());
      if (!tag.equals(Tag.MAP) && !tag.equals(Tag.SEQ)) {
        diagnostics.error(range(event), Rule.YAML_TAG, "the tag " + tag + " is not supported; remove it");
        return false;
      }
    }
    boolean mapping = event.getEventId() == Event.ID.MappingStart;
    JsonNode node = mapping ? NODES.objectNode() : NODES.arrayNode();
    String pointer = place(node, range(event), event);
    stack.push(mapping ? new MappingFrame((ObjectNode) node, pointer) : new SequenceFrame((ArrayNode) node, pointer));
    return true;
  }

  private void collectionEnd(Event event) {
    Frame frame = stack.pop();
    if (frame.pointer() != null) {
      Position started = values.get(frame.pointer());
      Position ended = range(event);
      values.put(frame.pointer(), new Position(started.line(), started.column(), ended.endLine(), ended.endColumn()));
    }
  }

  /**
   * Puts a value into its parent (or makes it the root), records where it is and its anchor, and
   * returns its pointer, or null when it is a duplicate key's value that the tree does not keep.
   */
  private String place(JsonNode value, Position position, Event event) {
    nodeCount++;
    String pointer;
    Frame parent = stack.peek();
    if (parent == null) {
      root = value;
      pointer = "";
    } else {
      pointer = parent.add(value);
      if (pointer != null && parent instanceof MappingFrame mapping) {
        keys.put(pointer, mapping.lastKeyPosition);
      }
    }
    if (pointer != null) {
      values.put(pointer, position);
    }
    if (event instanceof NodeEvent node) {
      Optional<Anchor> anchor = node.getAnchor();
      if (anchor.isPresent()) {
        anchors.put(anchor.get().getValue(), value);
      }
    }
    return pointer;
  }

  // range and start run for every event, and run interpreted in a short lint: written without
  // Optional's lambdas, each of which is a call more per event (and linked once).

  private static Position range(Event event) {
    Position start = start(event);
    Optional<Mark> endMark = event.getEndMark();
    if (endMark.isEmpty()) {
      return start;
    }
    Mark end = endMark.get();
    if (end.getLine() + 1 > start.line() || end.getColumn() + 1 >= start.column()) {
      return new Position(start.line(), start.column(), end.getLine() + 1, end.getColumn() + 1);
    }
    return start;
  }

  private static Position start(Event event) {
    Optional<Mark> startMark = event.getStartMark();
    return startMark.isPresent() ? point(startMark.get()) : Position.START;
  }

  private static Position point(Mark mark) {
    return Position.onLine(mark.getLine() + 1, mark.getColumn() + 1, 0);
  }

  /** A collection being filled; {@link #add} returns the new child's pointer, or null to drop it. */
  private sealed interface Frame permits MappingFrame, SequenceFrame {
    String pointer();

    String add(JsonNode value);
  }

  private static final class MappingFrame implements Frame {
    private final ObjectNode node;
    private final String pointer;
    private final Map<String, Position> seen = new HashMap<>();
    private String pendingKey;
    private boolean pendingIsDuplicate;
    private Position lastKeyPosition;

    MappingFrame(ObjectNode node, String pointer) {
      this.node = node;
      this.pointer = pointer;
    }

    @Override
    public String pointer() {
      return pointer;
    }

    void takeKey(String key, Position position, Diagnostics diagnostics) {
      Position first = seen.putIfAbsent(key, position);
      pendingIsDuplicate = first != null;
      if (pendingIsDuplicate) {
        diagnostics.error(
            position,
            Rule.YAML_DUPLICATE_KEY,
            "the key '" + key + "' appears twice in this mapping (first at line " + first.line() + "); keep one");
      }
      pendingKey = key;
      lastKeyPosition = position;
    }

    @Override
    public String add(JsonNode value) {
      String key = pendingKey;
      pendingKey = null;
      if (pendingIsDuplicate || pointer == null) {
        return null;
      }
      node.set(key, value);
      return SourceMap.child(pointer, key);
    }
  }

  private static final class SequenceFrame implements Frame {
    private final ArrayNode node;
    private final String pointer;

    SequenceFrame(ArrayNode node, String pointer) {
      this.node = node;
      this.pointer = pointer;
    }

    @Override
    public String pointer() {
      return pointer;
    }

    @Override
    public String add(JsonNode value) {
      node.add(value);
      return pointer == null ? null : SourceMap.child(pointer, node.size() - 1);
    }
  }
}
