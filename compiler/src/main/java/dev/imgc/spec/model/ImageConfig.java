package dev.imgc.spec.model;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The per-image fields of onboot, onshutdown and services entries, as LinuxKit has them (the part
 * an image's {@code org.mobyproject.config} label may also give). Each is empty when the spec does
 * not set it, so that the later stage can apply LinuxKit's defaults: image config, then label, then
 * spec. {@code prune} is imgc's extension. {@code resources} is the OCI {@code LinuxResources}
 * object, kept as canonical JSON text.
 */
public record ImageConfig(
    Optional<Located<List<String>>> capabilities,
    Optional<Located<List<String>>> capabilitiesAdd,
    Optional<Located<List<String>>> ambient,
    Optional<Located<List<Mount>>> mounts,
    Optional<Located<List<String>>> binds,
    Optional<Located<List<String>>> bindsAdd,
    Optional<Located<List<Device>>> devices,
    Optional<Located<List<String>>> tmpfs,
    Optional<Located<List<String>>> command,
    Optional<Located<List<String>>> env,
    Optional<Located<String>> cwd,
    Optional<Located<String>> net,
    Optional<Located<String>> pid,
    Optional<Located<String>> ipc,
    Optional<Located<String>> uts,
    Optional<Located<String>> userns,
    Optional<Located<String>> hostname,
    Optional<Located<Boolean>> readonly,
    Optional<Located<List<String>>> maskedPaths,
    Optional<Located<List<String>>> readonlyPaths,
    Optional<Located<Id>> uid,
    Optional<Located<Id>> gid,
    Optional<Located<List<Id>>> additionalGids,
    Optional<Located<Boolean>> noNewPrivileges,
    Optional<Located<Long>> oomScoreAdj,
    Optional<Located<String>> rootfsPropagation,
    Optional<Located<String>> cgroupsPath,
    Optional<Located<String>> resources,
    Optional<Located<SortedMap<String, String>>> sysctl,
    Optional<Located<List<String>>> rlimits,
    Optional<Located<List<IdMapping>>> uidMappings,
    Optional<Located<List<IdMapping>>> gidMappings,
    Optional<Located<SortedMap<String, String>>> annotations,
    Optional<Located<RuntimeSetup>> runtime,
    Optional<Located<List<String>>> prune) {}
