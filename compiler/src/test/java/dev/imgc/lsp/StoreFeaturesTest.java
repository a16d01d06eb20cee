package dev.imgc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.ImageConfig;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.LayerTar;
import dev.imgc.plan.PlanFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server takes from the image store: the test kernel of {@link PlanFixtures} (eleven
 * modules, virtio_blk built in) and an image carrying LinuxKit's {@code org.mobyproject.config} label.
 */
class StoreFeaturesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String LABELLED = "docker.io/test/labelled:1";
  private static final String MOBY_CONFIG = "{\"capabilities\":[\"CAP_SYS_ADMIN\"],\"net\":\"host\"}";

  @TempDir Path dir;
  private LspSession session;
  private String labelledDigest;

  @BeforeEach
  void start() throws Exception {
    ImageStore store = ImageStore.open(dir.resolve("store"));
    PlanFixtures.kernel(store);
    PlanFixtures.web(store);
    labelledDigest = labelled(store);
    session = new LspSession(LspSession.isolated(dir));
    session.initialize(dir, Map.of("debounceMillis", 10));
  }

  @AfterEach
  void stop() throws Exception {
    session.close();
  }

  @Test
  void aModuleTheKernelLacksIsAnErrorWithTheBuildsSuggestionAndABuiltInOneIsNot() throws Exception {
    String uri = dir.resolve("k.yml").toUri().toString();
    session.open(uri, "kernel:\n  image: test/kernel:1\n  modules: [virtio_net, virtio_blk, virtio_nett]\n");
    List<Diagnostic> found = session.next(uri, WAIT).getDiagnostics();
    assertEquals(1, found.size(), found.toString());
    Diagnostic missing = found.get(0);
    assertEquals(DiagnosticSeverity.Error, missing.getSeverity());
    assertEquals("lowering", missing.getCode().getLeft());
    assertEquals(new Range(new Position(2, 36), new Position(2, 47)), missing.getRange());
    assertTrue(missing.getMessage().getLeft().contains("did you mean 'virtio_net'?"), missing.getMessage().getLeft());
  }

  @Test
  void completionOffersTheKernelsModulesAndTheStoresImages() throws Exception {
    String uri = dir.resolve("c.yml").toUri().toString();
    session.open(uri, "kernel:\n  image: test/kernel:1\n  modules:\n    - \nservices:\n  - name: web\n    image: \n");
    List<String> modules = labels(uri, 3, 6);
    assertTrue(modules.containsAll(List.of("virtio_net", "net_failover", "failover", "virtio_pci", "virtio_pci_legacy_dev",
        "virtio_pci_modern_dev", "ext4", "jbd2", "mbcache", "overlay", "e1000")), modules.toString());
    assertTrue(labels(uri, 6, 11).containsAll(List.of(PlanFixtures.WEB, PlanFixtures.KERNEL, LABELLED)));
  }

  @Test
  void hoverOnAnImageShowsWhatTheStoreKnows() throws Exception {
    String uri = dir.resolve("h.yml").toUri().toString();
    session.open(uri, "onboot:\n  - name: x\n    image: test/labelled:1\n");
    String text = session.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(2, 14)))
        .get(30, TimeUnit.SECONDS).getContents().getRight().getValue();
    assertTrue(text.contains(labelledDigest), text);
    assertTrue(text.contains("linux/amd64"), text);
    assertTrue(text.contains("org.opencontainers.image.title"), text);
    assertTrue(text.contains(MOBY_CONFIG), text);
  }

  @Test
  void aCodeActionKeepsAModuleTheSpecNamesElsewhere() throws Exception {
    String uri = dir.resolve("a.yml").toUri().toString();
    String text = "kernel:\n  image: test/kernel:1\n  modules:\n    - virtio_net\nonboot:\n  - name: load\n    image: test/web:1\n"
        + "    command: [modprobe, e1000]\n";
    session.open(uri, text);
    session.next(uri, WAIT);
    List<Either<org.eclipse.lsp4j.Command, CodeAction>> actions = session.server.getTextDocumentService()
        .codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), new Range(new Position(7, 26), new Position(7, 26)),
            new CodeActionContext(List.of()))).get(30, TimeUnit.SECONDS);
    assertEquals(1, actions.size());
    TextEdit edit = actions.get(0).getRight().getEdit().getChanges().get(uri).get(0);
    assertEquals("\n    - e1000", edit.getNewText());
    assertEquals(new Position(3, 16), edit.getRange().getStart());
  }

  private List<String> labels(String uri, int line, int character) throws Exception {
    return session.server.getTextDocumentService()
        .completion(new CompletionParams(new TextDocumentIdentifier(uri), new Position(line, character))).get(60, TimeUnit.SECONDS)
        .getLeft().stream().map(CompletionItem::getLabel).toList();
  }

  /** An image whose config carries labels, LinuxKit's among them; its manifest's digest. */
  private static String labelled(ImageStore store) throws Exception {
    byte[] layer = new LayerTar().dir("etc").file("etc/hostname", "x\n").bytes();
    Descriptor blob = store.putBlob(MediaTypes.OCI_LAYER, layer);
    Map<String, String> labels = new TreeMap<>(Map.of("org.mobyproject.config", MOBY_CONFIG, "org.opencontainers.image.title", "labelled"));
    RuntimeConfig runtime = new RuntimeConfig(null, null, null, null, null, new TreeMap<>(labels));
    ImageConfig config = new ImageConfig("1970-01-01T00:00:00Z", "amd64", "linux", null, runtime,
        ImageConfig.RootFs.layers(List.of(Digest.of(layer))), null);
    Descriptor manifest = store.putJson(MediaTypes.OCI_MANIFEST, Manifest.oci(store.putJson(MediaTypes.OCI_CONFIG, config), List.of(blob)));
    store.tag(LABELLED, manifest);
    return manifest.digest().toString();
  }
}
