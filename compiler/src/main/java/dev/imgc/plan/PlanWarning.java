package dev.imgc.plan;

import dev.imgc.spec.model.Source;

/** Something lowering changed or ignored, said at the place in the spec that brought it in. */
public record PlanWarning(Source source, String message) {}
