# Sourced by scripts/bench (issue 16, point 6): every indicator of the pack
# (plugins/indicators.lua) for the whole country, beside a plain GROUP BY over the same
# rows (workers holding a post, by region) in the same run. A `kazi demo-data`
# register of N people: KAZI_BENCH_INDICATORS_SIZES (default 10000; the target is
# for 1000000: KAZI_BENCH_INDICATORS_SIZES=1000000). Each figure is the time of
# `kazi report run` less that of the trivial report `installation` (process start
# and configuration load), and its ratio to the GROUP BY.
secs_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
for n in ${KAZI_BENCH_INDICATORS_SIZES:-10000}; do
  idir="$work/indicators-$n"
  "$bin/kazi" init --data "$idir" --country tanzania >/dev/null 2>&1
  "$bin/kazi" demo-data --data "$idir" --people "$n" >/dev/null 2>&1
  # the baseline: the rows headcount reads, grouped by region, plainly
  t0=$(date +%s.%N)
  sqlite3 "$idir/kazi.db" "SELECT substr(p.org_path, 1, instr(substr(p.org_path, 4), '/') + 3) AS region,
    count(DISTINCT a.person_id) FROM assignment a JOIN person p ON p.id = a.person_id
    JOIN position pos ON pos.id = a.position_id WHERE a.end_date IS NULL GROUP BY region" >/dev/null
  t1=$(date +%s.%N)
  base=$(secs_of "$t0" "$t1")
  report "indicators.group_by.$n" "$base" "s" "(baseline)"
  t0=$(date +%s.%N)
  KAZI_SHARE_DIR="$PWD" "$bin/kazi" report run installation --data "$idir" >/dev/null 2>&1
  t1=$(date +%s.%N)
  floor=$(secs_of "$t0" "$t1")
  total=0
  for id in $(grep -o 'id = "ind-[a-z-]*"' plugins/indicators.lua | cut -d'"' -f2 | grep -v names); do
    t0=$(date +%s.%N)
    if ! KAZI_SHARE_DIR="$PWD" "$bin/kazi" report run "$id" --data "$idir" --csv >/dev/null 2>"$work/ind.err"; then
      report "indicators.$id.$n" "failed" "" "$(tail -1 "$work/ind.err")"
      continue
    fi
    t1=$(date +%s.%N)
    s=$(awk -v a="$t0" -v b="$t1" -v f="$floor" 'BEGIN { s = b - a - f; if (s < 0) s = 0; printf "%.3f", s }')
    total=$(awk -v a="$total" -v b="$s" 'BEGIN { printf "%.3f", a + b }')
    report "indicators.$id.$n" "$s" "s" "< 2 at 1000000"
    report "indicators.$id.ratio.$n" "$(awk -v a="$s" -v b="$base" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')" "x" "(to the GROUP BY)"
  done
  report "indicators.all.$n" "$total" "s" ""
  rm -rf "$idir"
done
