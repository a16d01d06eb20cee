package dev.imgc.plan;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which part of the spec put an entry in the plan, and from which image and layer: printed by
 * {@code imgc plan} and in messages as {@code services[2] docker.io/library/nginx:1.25 layer 3}.
 *
 * @param location the spec's section and index ({@code services[2]}, {@code files[0]}, {@code kernel})
 * @param image the normalised image reference, when the entry came from an image
 * @param layer the layer's position in its image (0 = bottom), when the entry came from a layer
 */
public record Provenance(String location, Optional<String> image, OptionalInt layer) {
  public static Provenance of(String location) {
    return new Provenance(location, Optional.empty(), OptionalInt.empty());
  }

  public static Provenance ofImage(String location, String image) {
    return new Provenance(location, Optional.of(image), OptionalInt.empty());
  }

  public Provenance inLayer(int index) {
    return new Provenance(location, image, OptionalInt.of(index));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(location);
    image.ifPresent(i -> text.append(' ').append(i));
    layer.ifPresent(l -> text.append(" layer ").append(l));
    return text.toString();
  }
}
