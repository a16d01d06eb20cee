package dev.imgc.plan.runtime;

import static dev.imgc.plan.runtime.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec's resources in the shape of the OCI LinuxResources object (runtime-spec v1.2.1's Go types). */
class ResourcesTest {
  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void membersFollowTheGoTypesOrderWhateverTheSpecsOrder() throws Exception {
    JsonNode resources = config("""
        resources:
          network: {classID: 1}
          blockio: {leafWeight: 10, weight: 500}
          pids: {limit: 5}
          cpu: {cpus: "0", period: 100000, shares: 2}
          memory: {swap: 1, limit: 2}
        devices: [{path: all, type: c}]
        """, null).at("/linux/resources");
    assertEquals(List.of("devices", "memory", "cpu", "pids", "blockIO", "network"), names(resources));
    assertEquals(List.of("limit", "swap"), names(resources.get("memory")));
    assertEquals(List.of("shares", "period", "cpus"), names(resources.get("cpu")));
    assertEquals(List.of("weight", "leafWeight"), names(resources.get("blockIO")));
  }

  @Test
  void membersThatAreNotOmitEmptyGetGosZeroValue() throws Exception {
    JsonNode resources = config("""
        resources:
          devices: [{access: r}]
          blockio:
            throttleReadBpsDevice: [{major: 8, rate: 1048576}]
        """, null).at("/linux/resources");
    assertEquals(false, resources.at("/devices/0/allow").asBoolean());
    assertTrue(resources.at("/devices/0/allow").isBoolean());
    assertEquals(0, resources.at("/blockIO/throttleReadBpsDevice/0/minor").asInt());
    assertTrue(resources.at("/blockIO/throttleReadBpsDevice/0/minor").isNumber());
  }

  @Test
  void emptyListsAndStringsAreLeftOut() throws Exception {
    JsonNode resources = config("resources: {cpu: {cpus: \"\", shares: 0}, devices: []}", null).at("/linux/resources");
    assertEquals(List.of("cpu"), names(resources));
    assertEquals(List.of("shares"), names(resources.get("cpu")), "a set number is written even when 0");
  }
}
