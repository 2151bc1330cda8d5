#!/bin/sh
# Run one libFuzzer target for a bounded time on a scratch copy of its seed corpus.
# usage: run.sh TARGET CORPUS WORKDIR SECONDS
set -eu
target=$1 corpus=$2 work=$3 secs=$4
rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts"
cp "$corpus"/* "$work/corpus/"
exec "$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus"
