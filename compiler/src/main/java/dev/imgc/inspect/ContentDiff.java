package dev.imgc.inspect;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unified diff of a text file that changed between two artifacts ({@code imgc diff --content}),
 * or why none is shown: the file is not text, or is larger than {@link #MAX_SIZE}. Lines are
 * escaped as names are ({@link SafeText}), tabs kept, so a file cannot send a terminal anything.
 *
 * @param location where the file is, as the diff names it
 * @param lines the unified diff's lines ({@code ---}, {@code +++}, {@code @@} and the hunks), empty with a note
 * @param note why no lines are shown, or null
 */
public record ContentDiff(String location, List<String> lines, String note) {
  /** Text files up to this size are compared line by line; they are held in memory. */
  public static final int MAX_SIZE = 1 << 20;
  private static final int CONTEXT = 3;

  public ContentDiff {
    lines = List.copyOf(lines);
  }

  /**
   * The content diffs of the files {@code diff} found changed in content, read from the two
   * artifacts (each read once more, with only those files copied out).
   */
  public static List<ContentDiff> of(ListingDiff diff, List<String> globs, Path before, Path after, InspectOptions options)
      throws InspectException {
    List<String> wanted = new ArrayList<>();
    List<ContentDiff> diffs = new ArrayList<>();
    for (ListingDiff.EntryChange change : diff.entries()) {
      if (change.kind() != ListingDiff.Kind.CHANGED || change.before().type() != EntryType.FILE
          || change.after().type() != EntryType.FILE || change.fields().stream().noneMatch(f -> f.field().equals("sha256"))
          || !ListingDiff.matchesAny(change.location(), globs)) {
        continue;
      }
      if (change.before().size() > MAX_SIZE || change.after().size() > MAX_SIZE) {
        diffs.add(new ContentDiff(change.location(), List.of(), "larger than " + MAX_SIZE + " bytes: not compared"));
      } else {
        wanted.add(change.location());
      }
    }
    if (wanted.isEmpty()) {
      return diffs;
    }
    Map<String, ByteArrayOutputStream> left = read(before, wanted, options);
    Map<String, ByteArrayOutputStream> right = read(after, wanted, options);
    for (String location : wanted) {
      diffs.add(compare(location, left.get(location).toByteArray(), right.get(location).toByteArray()));
    }
    diffs.sort(java.util.Comparator.comparing(ContentDiff::location));
    return diffs;
  }

  private static Map<String, ByteArrayOutputStream> read(Path artifact, List<String> wanted, InspectOptions options)
      throws InspectException {
    Map<String, ByteArrayOutputStream> sinks = new LinkedHashMap<>();
    wanted.forEach(location -> sinks.put(location, new ByteArrayOutputStream()));
    Inspector.inspect(artifact, new InspectOptions(false, options.bounds(), Captures.into(sinks)));
    return sinks;
  }

  static ContentDiff compare(String location, byte[] before, byte[] after) {
    List<String> a = textLines(before);
    List<String> b = textLines(after);
    if (a == null || b == null) {
      return new ContentDiff(location, List.of(), "not text: not shown");
    }
    String name = ListingText.word(location);
    List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("a/" + name, "b/" + name, a, DiffUtils.diff(a, b), CONTEXT);
    return new ContentDiff(location, unified, null);
  }

  /** The lines of UTF-8 text without control characters but tabs, escaped; null for anything else. */
  private static List<String> textLines(byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notUtf8) {
      return null;
    }
    if (text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f)) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\r?\n", -1)) {
      lines.add(String.join("\t", java.util.Arrays.stream(line.split("\t", -1)).map(SafeText::escape).toList()));
    }
    if (text.endsWith("\n")) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }
}
