package dev.imgc.boot.init;

import java.util.List;

/**
 * What {@link InitScript#generate} makes: the {@code /init} script; each bundle with the {@code
 * config.json} runc is to read (see {@link RuncConfig}: unchanged unless the init has to do part of
 * the container's set-up for runc); and what a launcher will not do, per bundle.
 */
public record GeneratedInit(String script, List<Bundle> bundles, List<Warning> warnings) {
  public GeneratedInit {
    bundles = List.copyOf(bundles);
    warnings = List.copyOf(warnings);
  }

  /** A container's field that a launcher of the init will not honour, said as what to change. */
  public record Warning(String bundleDirectory, String message) {}
}
