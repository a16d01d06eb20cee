# Shared by bench/run and bench/scaling (sourced, not run): the stand-in kernel image, the spec,
# importing a tree into a fresh store, and the shell pipeline imgc's initrd is compared with.
# Expects $repo (the checkout) and $work (a scratch directory removed by the caller).

# A kernel image laid out LinuxKit's way, 8 MiB of incompressible bytes: about a real kernel's size.
bench_kernel_image() { # DIR
  mkdir -p "$1/m/lib/modules/0.0.0-bench"
  head -c $((8 << 20)) /dev/urandom >"$1/kernel"
  : >"$1/m/lib/modules/0.0.0-bench/modules.dep"
  tar -C "$1/m" -cf "$1/kernel.tar" lib && rm -r "$1/m"
}

# The spec every benchmark compiles: the kernel, the tree as the one init image, one files: entry.
bench_spec() { # FILE [MOTD]
  cat >"$1" <<EOF
kernel:
  image: bench/kernel:1
  cmdline: "console=ttyS0"
init:
  - bench/root:1
files:
  - path: etc/motd
    contents: "${2:-welcome}"
EOF
}

# Imports ROOT (and the kernel image, made once under $work) into a fresh store STORE; prints the
# import's wall time in seconds.
bench_import() { # ROOT STORE
  [[ -f "$work/kernel-image/kernel.tar" ]] || bench_kernel_image "$work/kernel-image"
  local start
  start=$(date +%s.%N)
  "$repo/bin/imgc" image import --store "$2" bench/root:1 "dir:$1" >/dev/null
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'
  "$repo/bin/imgc" image import --store "$2" bench/kernel:1 "dir:$work/kernel-image" >/dev/null
  sync   # the store's writes reach the disk now, not in the middle of the first timings
}

# Imports Debian's kernel package (every module) into STORE as bench/kernel:1, in place of the
# stand-in: the .deb comes from the user's imgc cache when a run of imgc downloaded it before (copied
# into this run's $IMGC_CACHE), else from Debian's mirror.
bench_import_debian_kernel() { # STORE
  mkdir -p "$IMGC_CACHE/debs"
  cp "${XDG_CACHE_HOME:-$HOME/.cache}"/imgc/debs/linux-image-*_amd64.deb "$IMGC_CACHE/debs/" 2>/dev/null || true
  "$repo/bin/imgc" image import --store "$1" bench/kernel:1 deb:linux-image-amd64 >/dev/null 2>&1 \
    || { echo "bench: importing deb:linux-image-amd64 failed (no cached .deb and no mirror?)" >&2; return 1; }
  sync
}

# Runs each NAME COMMAND pair once per round, RUNS rounds after one warm-up round, the order reversed
# every other round so that a change in the machine's load falls on all of them alike. Prints one line
# per NAME: "NAME WALL_S CPU_S", the medians of the wall and the CPU (user + system, children
# included) seconds, by GNU time. Each command removes its own earlier output, if it must.
bench_interleaved() { # RUNS NAME COMMAND [NAME COMMAND…]
  local runs="$1"; shift
  local names=() commands=()
  while [[ $# -gt 0 ]]; do names+=("$1"); commands+=("$2"); shift 2; done
  local n=${#names[@]} round i k
  rm -f "$work"/interleaved.*
  for ((round = 0; round <= runs; round++)); do
    for ((k = 0; k < n; k++)); do
      i=$(( round % 2 ? n - 1 - k : k ))
      /usr/bin/time -o "$work/time.$$" -f '%e %U %S' bash -c "${commands[$i]}" >/dev/null 2>"$work/time-stderr.$$" \
        || { cat "$work/time-stderr.$$" >&2; return 1; }
      ((round == 0)) || awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$work/time.$$" >>"$work/interleaved.$i"
    done
  done
  for ((i = 0; i < n; i++)); do
    printf '%s %s %s\n' "${names[$i]}" "$(cut -d' ' -f1 "$work/interleaved.$i" | bench_median)" \
      "$(cut -d' ' -f2 "$work/interleaved.$i" | bench_median)"
  done
}

# A 200-line spec for timing `imgc lint`: examples/web.yml with 21 more services.
bench_lint_spec() { # FILE
  {
    echo "# examples/web.yml with 21 more services: a 200-line spec for bench/run's lint row"
    sed -n '/^kernel:/,/^files:/p' "$repo/examples/web.yml" | sed '$d'
    for i in $(seq 1 21); do
      printf '  - name: worker%d\n    image: deb://busybox-static\n    net: host\n' "$i"
      printf '    capabilities: [CAP_NET_BIND_SERVICE]\n    binds:\n      - /var/www:/var/www:ro\n'
      printf '    env: ["WORKER=%d"]\n    command: ["/bin/busybox", "httpd", "-f", "-p", "%d", "-h", "/var/www"]\n' \
        "$i" $((8000 + i))
    done
    sed -n '/^files:/,$p' "$repo/examples/web.yml"
  } >"$1"
}

# `imgc compile` without the build cache when this imgc has one (a real build every time).
bench_compile_cmd() { # prints the words of the compile command, one per line
  printf '%s\n' "$repo/bin/imgc" compile --offline --name bench
  if bench_has_cache; then printf '%s\n' --no-cache; fi
}
bench_has_cache() {
  "$repo/bin/imgc" compile --help 2>/dev/null | grep -q -- --no-cache
}

# The shell's initrd of ROOT at gzip -6, into OUT: sorted names like imgc's, no name or time in the header.
bench_shell_initrd() { # ROOT OUT
  (cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -6 -n >"$2")
}

# Runs a command under GNU time; prints "SECONDS PEAK_RSS_KIB" (the peak is the largest process's).
bench_time_rss() { # COMMAND…
  local out="$work/time.$$"
  /usr/bin/time -o "$out" -f '%e %M' "$@" >/dev/null 2>"$work/time-stderr.$$" \
    || { cat "$work/time-stderr.$$" >&2; return 1; }
  cat "$out"
}

# The median of numbers, one per line on stdin.
bench_median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
