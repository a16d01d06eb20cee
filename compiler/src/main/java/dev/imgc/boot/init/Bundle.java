package dev.imgc.boot.init;

/**
 * A container the generated init runs: its bundle directory in the root filesystem (e.g. {@code
 * containers/onboot/000-network}) and the bytes of the two files LinuxKit puts there: the OCI
 * runtime {@code config.json} and LinuxKit's {@code runtime.json} (mounts and directories made
 * around the container).
 */
public record Bundle(String name, String directory, byte[] configJson, byte[] runtimeJson) {}
