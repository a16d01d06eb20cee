package dev.imgc.image.importer;

import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.RuntimeConfig;

/**
 * How an import builds its image.
 *
 * @param config Entrypoint, Cmd, Env, WorkingDir, User and labels to set ({@code --config}); its
 *     non-null members replace those of a copied image's config
 * @param platform the platform written into a built image's config, and chosen from a copied index
 * @param epoch every time the import writes
 */
public record ImportOptions(RuntimeConfig config, Platform platform, SourceDateEpoch epoch) {}
