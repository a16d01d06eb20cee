package dev.imgc.lsp;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/** The {@code workspace/*} side of the server: new settings, and changed files (a variable file, a merged spec) check the open specs again. */
final class SpecWorkspaceService implements WorkspaceService {
  private final Workspace workspace;
  private final SpecDocuments documents;

  SpecWorkspaceService(Workspace workspace, SpecDocuments documents) {
    this.workspace = workspace;
    this.documents = documents;
  }

  @Override
  public void didChangeConfiguration(DidChangeConfigurationParams params) {
    if (params != null) {
      workspace.configure(params.getSettings());
      documents.checkAll();
    }
  }

  @Override
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
    documents.checkAll();
  }
}
