# Sourced by scripts/bench (issue 5, point 5): the impact preview at 100,000 workers.
# A `kazi demo-data` register; a candidate version that raises the PSW and PCDW certificates'
# minimum age (18 → 25) is imported, and `kazi config impact` — every
# certification and move, every active worker, live and candidate — is timed, with its
# stages (dossiers, rules, comparing) from the preview's log line. Target: < 10 s.
# KAZI_BENCH_IMPACT_SIZES overrides the sizes.
for n in ${KAZI_BENCH_IMPACT_SIZES:-100000}; do
  idir="$work/impact-$n"
  "$bin/kazi" init --data "$idir" --country tanzania >/dev/null
  "$bin/kazi" demo-data --data "$idir" --people "$n" >/dev/null
  cand="$work/impact-candidate"
  rm -rf "$cand" && cp -r country-config/tanzania "$cand"
  sed -i "s/D.age(d) >= 18/D.age(d) >= 25/" "$cand/certifications.lua"
  commit=$("$bin/kazi" config import --data "$idir" "$cand" -m "bench: minimum age 25")
  t0=$(date +%s.%N)
  # the CPU time too (user + system, both threads): on a shared machine the wall time
  # also counts the waits for a core
  cpu=$( { TIMEFORMAT='%U %S'; time KAZI_SHARE_DIR="$PWD" "$bin/kazi" config impact --data "$idir" \
    "$commit" >"$work/impact.json" 2>"$work/impact.log"; } 2>&1)
  t1=$(date +%s.%N)
  report "impact.seconds.$n" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" "s" "< 10"
  report "impact.cpu_seconds.$n" "$(awk -v c="$cpu" 'BEGIN { split(c, x, " "); printf "%.1f", x[1] + x[2] }')" "s" ""
  # the stages, from the preview's own log line (event config_impact): reading the
  # workers and building their dossiers, the rules of both versions (two threads),
  # comparing and writing the reply
  stages=$(grep -o 'reading [0-9]* ms, rules [0-9]* ms ([a-z ]*), comparing [0-9]* ms' "$work/impact.log" || true)
  if [ -n "$stages" ]; then
    read -r _ rd _ _ ru _ _ _ _ cmp _ <<<"$stages"
    report "impact.stage_dossiers.$n" "$(awk -v x="$rd" 'BEGIN { printf "%.1f", x / 1000 }')" "s" ""
    report "impact.stage_rules.$n" "$(awk -v x="$ru" 'BEGIN { printf "%.1f", x / 1000 }')" "s" ""
    report "impact.stage_compare.$n" "$(awk -v x="$cmp" 'BEGIN { printf "%.1f", x / 1000 }')" "s" ""
  fi
  rm -rf "$idir" "$cand"
done
