package dev.imgc.plan.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * The spec's {@code resources} as the OCI {@code LinuxResources} object, in the shape Go's
 * runtime-spec types (v1.2.1) give it when LinuxKit writes it: members in the types' order, Go's
 * zero value written for members that are not {@code omitempty}, empty lists and strings left out.
 * The spec names the block I/O member {@code blockio}, as LinuxKit's schema does; OCI names it
 * {@code blockIO}.
 */
final class Resources {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** One member of a Go struct: its JSON name, the key the spec uses, its shape, and its zero value when not omitempty. */
  private record Member(String name, String specKey, Kind kind, List<Member> fields, JsonNode zero) {
    static Member value(String name) {
      return new Member(name, name, Kind.VALUE, List.of(), null);
    }

    static Member required(String name, JsonNode zero) {
      return new Member(name, name, Kind.VALUE, List.of(), zero);
    }

    static Member object(String name, String specKey, List<Member> fields) {
      return new Member(name, specKey, Kind.OBJECT, fields, null);
    }

    static Member list(String name, List<Member> fields) {
      return new Member(name, name, Kind.LIST, fields, null);
    }
  }

  private enum Kind { VALUE, OBJECT, LIST }

  private static final JsonNode ZERO = IntNode.valueOf(0);

  private static final List<Member> DEVICE_CGROUP = List.of(
      Member.required("allow", BooleanNode.FALSE), Member.value("type"), Member.value("major"), Member.value("minor"),
      Member.value("access"));
  private static final List<Member> WEIGHT_DEVICE = List.of(
      Member.required("major", ZERO), Member.required("minor", ZERO), Member.value("weight"), Member.value("leafWeight"));
  private static final List<Member> THROTTLE_DEVICE = List.of(
      Member.required("major", ZERO), Member.required("minor", ZERO), Member.required("rate", ZERO));
  private static final List<Member> TOP = List.of(
      Member.list("devices", DEVICE_CGROUP),
      Member.object("memory", "memory", List.of(
          Member.value("limit"), Member.value("reservation"), Member.value("swap"), Member.value("kernel"),
          Member.value("kernelTCP"), Member.value("swappiness"), Member.value("disableOOMKiller"),
          Member.value("useHierarchy"), Member.value("checkBeforeUpdate"))),
      Member.object("cpu", "cpu", List.of(
          Member.value("shares"), Member.value("quota"), Member.value("burst"), Member.value("period"),
          Member.value("realtimeRuntime"), Member.value("realtimePeriod"), Member.value("cpus"), Member.value("mems"),
          Member.value("idle"))),
      Member.object("pids", "pids", List.of(Member.required("limit", ZERO))),
      Member.object("blockIO", "blockio", List.of(
          Member.value("weight"), Member.value("leafWeight"), Member.list("weightDevice", WEIGHT_DEVICE),
          Member.list("throttleReadBpsDevice", THROTTLE_DEVICE), Member.list("throttleWriteBpsDevice", THROTTLE_DEVICE),
          Member.list("throttleReadIOPSDevice", THROTTLE_DEVICE), Member.list("throttleWriteIOPSDevice", THROTTLE_DEVICE))),
      Member.list("hugepageLimits", List.of(Member.required("pageSize", TextNode.valueOf("")), Member.required("limit", ZERO))),
      Member.object("network", "network", List.of(
          Member.value("classID"),
          Member.list("priorities", List.of(Member.required("name", TextNode.valueOf("")), Member.required("priority", ZERO))))));

  private Resources() {}

  /**
   * The OCI object for the spec's {@code resources} ({@code spec}, missing when the spec has none)
   * with {@code deviceRules} after the spec's own rules of the devices cgroup.
   */
  static ObjectNode of(JsonNode spec, List<ObjectNode> deviceRules) {
    ObjectNode input = spec.isObject() ? ((ObjectNode) spec).deepCopy() : JSON.objectNode();
    if (!deviceRules.isEmpty()) {
      ArrayNode devices = input.has("devices") ? (ArrayNode) input.get("devices") : input.putArray("devices");
      deviceRules.forEach(devices::add);
    }
    return shape(input, TOP);
  }

  private static ObjectNode shape(JsonNode in, List<Member> members) {
    ObjectNode out = JSON.objectNode();
    for (Member member : members) {
      JsonNode value = in.get(member.specKey());
      if (value == null || value.isNull()) {
        if (member.zero() != null) {
          out.set(member.name(), member.zero());
        }
        continue;
      }
      switch (member.kind()) {
        case VALUE -> {
          boolean emptyString = value.isTextual() && value.asText().isEmpty();
          if (!emptyString || member.zero() != null) {
            out.set(member.name(), value);
          }
        }
        case OBJECT -> out.set(member.name(), shape(value, member.fields()));
        case LIST -> {
          if (!value.isEmpty()) {
            ArrayNode list = out.putArray(member.name());
            value.forEach(item -> list.add(shape(item, member.fields())));
          }
        }
      }
    }
    return out;
  }
}
