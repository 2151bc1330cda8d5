# Sourced by scripts/bench (issue 16, point 6): every indicator of the pack
# (plugins/indicators.lua) for the whole country, beside a plain GROUP BY by region over
# the same rows (the table it reads, joined for the path) in the same run. A `kazi demo-data`
# register of N people: KAZI_BENCH_INDICATORS_SIZES (default 10000; the target is
# for 1000000: KAZI_BENCH_INDICATORS_SIZES=1000000). Each figure is the time of
# `kazi report run` less that of the trivial report `installation` (process start
# and configuration load), and its ratio to the GROUP BY.
secs_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
for n in ${KAZI_BENCH_INDICATORS_SIZES:-10000}; do
  idir="$work/indicators-$n"
  "$bin/kazi" init --data "$idir" --country tanzania >/dev/null 2>&1
  "$bin/kazi" demo-data --data "$idir" --people "$n" >/dev/null 2>&1
  # the baselines: a plain GROUP BY (by region) over the rows each indicator reads,
  # joined to the person (or post) for the path, as the published views join them
  region="substr(x.org_path, 1, instr(substr(x.org_path, 4), '/') + 3)"
  declare -A base_sql=(
    [people]="SELECT $region, count(DISTINCT a.person_id) FROM assignment a JOIN person x ON x.id = a.person_id JOIN position pos ON pos.id = a.position_id GROUP BY 1"
    [posts]="SELECT $region, sum(x.approved) FROM position x GROUP BY 1"
    [certificates]="SELECT $region, count(c.id) FROM certificate c JOIN person x ON x.id = c.person_id GROUP BY 1"
    [training]="SELECT $region, count(n.id) FROM enrolment n JOIN person x ON x.id = n.person_id JOIN training_event e ON e.id = n.event_id GROUP BY 1"
    [supervision]="SELECT $region, count(s.id) FROM supervision s JOIN person x ON x.id = s.person_id GROUP BY 1"
    [pay]="SELECT $region, count(m.id) FROM payment m JOIN person x ON x.id = m.person_id GROUP BY 1"
    [returns]="SELECT $region, sum(r.count) FROM activity_return r JOIN person x ON x.id = r.person_id GROUP BY 1"
  )
  declare -A base=()
  for k in "${!base_sql[@]}"; do
    t0=$(date +%s.%N)
    sqlite3 "$idir/kazi.db" "${base_sql[$k]}" >/dev/null
    t1=$(date +%s.%N)
    base[$k]=$(secs_of "$t0" "$t1")
    report "indicators.group_by.$k.$n" "${base[$k]}" "s" "(baseline)"
  done
  source_of() {
    case "$1" in
      ind-vacancy-*) echo posts ;;
      ind-certif*|ind-certificate-*|ind-never-certified|ind-refresher-*) echo certificates ;;
      ind-training-*) echo training ;;
      ind-supervision-*|ind-workers-per-*|ind-support-*) echo supervision ;;
      ind-pay-*) echo pay ;;
      ind-return-*|ind-activity-*) echo returns ;;
      *) echo people ;;
    esac
  }
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
    b=${base[$(source_of "$id")]}
    report "indicators.$id.ratio.$n" "$(awk -v a="$s" -v b="$b" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')" "x" "(to its GROUP BY)"
  done
  report "indicators.all.$n" "$total" "s" ""
  rm -rf "$idir"
done
