#!/bin/sh
# run-fuzz.sh seeds|long TARGET SEED_DIR
#   seeds: run TARGET once over every seed file (libFuzzer or standalone main).
#   long:  fuzz for $MIP6_FUZZ_SECONDS (default 30) seconds from the seeds,
#          in a scratch corpus so the committed seeds are never rewritten.
set -eu
mode=$1 target=$2 seeds=$3
case $mode in
  seeds)
    # libFuzzer's default exit code for a crash (77) would read as "skipped".
    exec "$target" -error_exitcode=1 -timeout_exitcode=1 "$seeds"/*
    ;;
  long)
    corpus=$(mktemp -d)
    trap 'rm -rf "$corpus"' EXIT
    artifacts=$(dirname "$target")/artifacts-$(basename "$target")
    mkdir -p "$artifacts"
    "$target" -max_total_time="${MIP6_FUZZ_SECONDS:-30}" -timeout=10 -rss_limit_mb=2048 \
      -error_exitcode=1 -timeout_exitcode=1 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "$seeds"
    ;;
  *)
    echo "run-fuzz.sh: unknown mode $mode" >&2
    exit 2
    ;;
esac
