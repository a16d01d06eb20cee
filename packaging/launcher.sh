# The part of the imgc launcher shared by bin/imgc (a checkout) and the installed /usr/bin/imgc
# (packaging/imgc): sourced, not run. Defines imgc_exec JAR ARCHIVE ARGS…, which runs imgc from JAR.
#
# Start-up: ARCHIVE is an AppCDS archive of the classes a compile loads (front end, image store,
# lowering, passes, writers), made by one training run whenever the jar is newer than the archive. It
# roughly halves the JVM's start-up; if it cannot be made, imgc simply runs without it. An archive
# holds one JVM build's view of one jar, so it is made where imgc runs, never shipped.
# `imgc lint` has an archive of its own beside it (ARCHIVE's name with -lint), trained by a lint:
# the JVM maps and relocates the whole archive on every start, so lint, which loads a quarter of a
# compile's classes, starts faster from a 5 MB archive of its own than from the compile's 18 MB one
# (docs/benchmarks.md, start-up).

# Makes ARCHIVE from a training run of KIND (lint, or compile for anything else) in a scratch
# directory; any failure leaves no archive behind. A compile's run compiles a tiny appliance (a
# stand-in kernel, a root with one file) to the common formats in a scratch store; a lint's lints two
# specs in one JVM, one with a warning and one with errors, so that every stage of the front end and
# the printing of both kinds of diagnostic are in its archive. The archive is put in place only once
# a JVM has started from it: Java 17 maps an archive cut short (a full disk, a killed dump) without
# checking its length and dies of SIGBUS, where a damaged or mismatched one that is whole is only
# ignored.
imgc_make_archive() { # JAR ARCHIVE KIND
  local jar="$1" jsa="$2" kind="$3" work
  mkdir -p "$(dirname "$jsa")" 2>/dev/null || return 0
  work="$(mktemp -d "$(dirname "$jsa")/cds.XXXXXX")" || return 0
  local training=()
  if [[ "$kind" == lint ]]; then
    imgc_lint_training_specs "$work"
    training=(-cp "$jar" dev.imgc.cli.LintMain lint "$work/warning.yml" "$work/errors.yml")
  else
    imgc_compile_training_spec "$work"
    training=(-jar "$jar" compile --store "$work/store" -o "$work/out" --format kernel+initrd,iso-bios,raw-efi "$work/train.yml")
  fi
  # The run's status does not matter (a host without bootloader files fails late; a lint of errors
  # exits 1); only whether an archive came out.
  # The training JVM only interprets (-Xint), so that no method is waiting for the JIT when the archive
  # is dumped: Java 17 archives such a method marked as queued, and no JVM started from the archive
  # compiles it ever again (JDK-8306460, fixed in Java 21). Trained with the JIT, two of eleven archives
  # had SHA-256's compression function so marked, interpreted in every compile after: the one-file
  # edit's bind phase took 0.6-1.3 s instead of 0.1 (docs/benchmarks.md). The classes it archives
  # are the same.
  XDG_CACHE_HOME="$work/cache" java -Xint -XX:ArchiveClassesAtExit="$work/imgc.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    "${training[@]}" >/dev/null 2>&1 || true
  if [[ -s "$work/imgc.jsa" ]] && java -XX:SharedArchiveFile="$work/imgc.jsa" -Xshare:on -Xlog:cds=off \
      -Xlog:cds+dynamic=off -cp "$jar" -version >/dev/null 2>&1; then
    mv -f "$work/imgc.jsa" "$jsa"
  fi
  rm -rf "$work"
}

# The compile's training appliance in DIR: images given as directories (transport dir://), so that
# nothing is fetched; the run must get past the checks to train the compile's later stages.
imgc_compile_training_spec() { # DIR
  local work="$1"
  mkdir -p "$work/kernel/lib/modules/0.0.0-train" "$work/root/bin"
  printf 'not a kernel' >"$work/kernel/kernel"
  : >"$work/kernel/lib/modules/0.0.0-train/modules.dep"
  tar -C "$work/kernel" -cf "$work/kernel/kernel.tar" lib && rm -r "$work/kernel/lib"
  printf '#!/bin/sh\necho hi\n' >"$work/root/bin/hello" && chmod 755 "$work/root/bin/hello"
  cp -p "$work/root/bin/hello" "$work/root/bin/busybox"  # a stand-in: the generated /init is written, never run
  cat >"$work/train.yml" <<SPEC
kernel:
  image: dir://$work/kernel
  cmdline: "console=ttyS0"
init:
  - dir://$work/root
onboot:
  - {name: hello, image: "dir://$work/root", command: [/bin/hello], capabilities: [CAP_KILL]}
files:
  - {path: etc/motd, contents: "\${GREETING:-hi}", mode: "0644"}
SPEC
}

# The lint's training specs in DIR: warning.yml (an unset variable) and errors.yml (an unknown key
# with a near miss, a value of the wrong type, an unknown capability, a bad mode). warning.yml is
# written as specs are (comments, a flow list over two lines, a block scalar), so that the classes the
# YAML reader takes for them are in the archive too: a class loaded from the jar instead opens it.
imgc_lint_training_specs() { # DIR
  cat >"$1/warning.yml" <<'SPEC'
# A web appliance: the lint's training spec
kernel:
  image: deb://linux-image-amd64
  cmdline: "console=ttyS0"
  modules: [virtio_net]
init:
  - deb://busybox-static
onboot:
  - name: network
    image: deb://busybox-static
    net: host
    capabilities: [CAP_NET_ADMIN]
    command: ["/bin/busybox", "sh", "-c",
              "ip link set lo up && ip link set eth0 up"]
services:
  - name: httpd
    image: linuxkit/nginx:v1.0.0
    binds:
      - /var/www:/var/www:ro
    env: ["PORT=${PORT}"]  # unset: the warning
    command: ["/bin/busybox", "httpd", "-f", "-p", "80"]
files:
  - {path: etc/motd, contents: "${GREETING:-hi}", mode: "0644"}
  - path: var/www/index.html
    contents: |
      <p>Served by an appliance.</p>
    mode: "0644"
SPEC
  cat >"$1/errors.yml" <<'SPEC'
kernel:
  image: deb://linux-image-amd64
  cmdlne: "console=ttyS0"
init: deb://busybox-static
services:
  - name: httpd
    image: deb://busybox-static
    capabilities: [CAP_NO_SUCH]
files:
  - {path: etc/motd, contents: "hi", mode: "0999"}
SPEC
}

imgc_exec() { # JAR ARCHIVE ARGS…
  local jar="$1" jsa="$2" kind=compile
  shift 2
  if [[ "${1:-}" == lint ]]; then
    kind=lint jsa="${jsa%.jsa}-lint.jsa"
  fi
  if [[ ! -f "$jsa" || "$jar" -nt "$jsa" ]]; then
    imgc_make_archive "$jar" "$jsa" "$kind" || true
  fi
  local cds=()
  # imgc --version loads a few classes, fewer than what mapping the archive costs (0.15 s of CPU
  # without it, 0.19 s with it: docs/benchmarks.md)
  if [[ -f "$jsa" && ! "$jar" -nt "$jsa" && ! ( $# -eq 1 && ( "$1" == --version || "$1" == -V ) ) ]]; then
    cds=(-XX:SharedArchiveFile="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  # Builds stream, so their live heap stays small (about 50 MB after a collection while compiling a
  # 1 GB rootfs), but G1 sizes the heap by the machine: it starts at 1/64 of RAM and grows eden to
  # fill it, 630 MB of RSS for that compile on 24 GB. The serial collector from a 32 MB heap grows it
  # only as live data needs (bench/scaling; issue 7 asks for under 300 MB).
  # The JIT: with its caches warm, a compile is short, so the C1 compiler alone wins: C2's compiler
  # threads and C1's profiling code only compete for the cores (bench/run). Its heavy work, imgc's own
  # deflate, is written for C1 (no call per byte, no intrinsic C1 lacks), which leaves C2 about 1.2 x
  # faster on it; C2 for the compress package alone (a CompilerDirectivesFile) took more CPU for a
  # whole --no-cache build and 0.2-0.3 s more for a one-file edit (docs/benchmarks.md). Work in Java
  # that runs long (reading and hashing a new image's layers, xz) is where C2 pays off, so `imgc
  # image` (imports and pulls) keeps the full JIT. bench/first-compile checks that a compile's first
  # import, under C1, stays within its goal.
  # The heap: what a build keeps is its plan (a few hundred bytes a file) and the writers' buffers;
  # everything else dies young. A young generation of 16 MB and an old one grown only to 15-35 %
  # above what is live keep the peak RSS near the live data (bench/scaling; issue 21 asks for under
  # 0.3 KB a file), where the serial collector's defaults (young = half the old, 40-70 % free) made it
  # about 2.5 times that.
  # Java's NIO copies a heap buffer written to a file through a direct buffer of the write's size and
  # keeps one per thread for good; capped at 256 KiB, the larger ones are freed after use (22 MB less
  # peak RSS for a compile of 500,000 small files, no more CPU time).
  local heap_flags=(-XX:+UseSerialGC -Xms32m -Xmn16m -XX:MinHeapFreeRatio=15 -XX:MaxHeapFreeRatio=35
    -Djdk.nio.maxCachedBufferSize=262144)
  local jvm_flags=(-XX:TieredStopAtLevel=1 "${heap_flags[@]}") main=(-jar "$jar")
  case "${1:-}" in
    image) jvm_flags=("${heap_flags[@]}") ;;
    # A lint is over in a few tenths of a second, mostly code run once: C1 compiling a method after
    # 3 times the usual count of calls makes 40 % fewer compilations, 0.05 s less CPU for a 200-line
    # spec and the same for a 4,800-line one (docs/benchmarks.md; 5 and 10 cost the long spec more).
    # It names its main class itself: `-jar` has Java's launcher open the jar (interpreted zip code
    # reading its 6,700 entries) for the manifest's Main-Class and close it, about 20 ms of a lint's
    # 0.3 s; LintMain (trained on too) leaves opening it to the thread building the schema's validator.
    lint) jvm_flags+=(-XX:CompileThresholdScaling=3) main=(-cp "$jar" dev.imgc.cli.LintMain) ;;
  esac
  exec java -Xshare:auto "${cds[@]}" "${jvm_flags[@]}" "${main[@]}" "$@"
}
