# Sourced by scripts/bench (issue 16, point 6): every indicator of the pack
# (plugins/indicators.lua) for the whole country, beside a plain GROUP BY by region over
# the same rows (the table it reads, joined for the path) in the same run.
#   KAZI_BENCH_INDICATORS_SIZES  registers of N people, `kazi demo-data` (default 10000;
#                                the target is for 1000000)
#   KAZI_BENCH_INDICATORS_DATA   a directory keeping the generated registers
#                                (indicators-N/) to reuse in the next run: generating
#                                1,000,000 people takes a long while. Default: none, a
#                                temporary one.
#   KAZI_BENCH_INDICATORS_RUNS   measurements of each figure, the best kept (default 2)
# One line per indicator: its time (`kazi report run` less the trivial report
# `installation`: process start and configuration load), the plain GROUP BY over the
# rows it reads, their ratio, and the target (< 2 s at 1,000,000). docs/plugins.md,
# "Indicators", explains the figures.
secs_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ind_runs=${KAZI_BENCH_INDICATORS_RUNS:-2}
# best_of CMD...: the shortest of $ind_runs runs of CMD, in seconds; fails when CMD does
best_of() {
  local best="" t0 t1 s
  for _ in $(seq 1 "$ind_runs"); do
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>"$work/ind.err" || return 1
    t1=$(date +%s.%N)
    s=$(secs_of "$t0" "$t1")
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
  done
  echo "$best"
}
ind_line() { # name seconds baseline ratio target
  printf '%-46s %8s %-2s GROUP BY %7s s  ratio %6s  %s\n' "$1" "$2" "s" "$3" "$4" "$5"
}
for n in ${KAZI_BENCH_INDICATORS_SIZES:-10000}; do
  idir="${KAZI_BENCH_INDICATORS_DATA:-$work}/indicators-$n"
  if [ ! -f "$idir/kazi.db" ]; then
    mkdir -p "$(dirname "$idir")"
    "$bin/kazi" init --data "$idir" --country tanzania >/dev/null 2>&1
    t0=$(date +%s.%N)
    "$bin/kazi" demo-data --data "$idir" --people "$n" >/dev/null 2>&1
    report "indicators.generate.$n" "$(secs_of "$t0" "$(date +%s.%N)")" "s" "(kazi demo-data, once)"
  fi
  # the first run brings the register to this build's migrations; a kept register's
  # configuration holds the plugins/ of the day it was made: this Kazi's pack is proposed,
  # validated (it runs every indicator once) and made live. Then the file is read once,
  # so both sides of each ratio run on a warm cache.
  KAZI_SHARE_DIR="$PWD" "$bin/kazi" report run installation --data "$idir" >/dev/null 2>&1
  if [ -n "${KAZI_BENCH_INDICATORS_DATA:-}" ]; then
    pack=$(KAZI_SHARE_DIR="$PWD" "$bin/kazi" config plugins --data "$idir" 2>/dev/null | tail -1 || true)
    if [[ "$pack" =~ ^[0-9a-f]{40}$ ]]; then
      KAZI_SHARE_DIR="$PWD" "$bin/kazi" config validate --data "$idir" "$pack" >/dev/null 2>&1 &&
        KAZI_SHARE_DIR="$PWD" "$bin/kazi" config activate --data "$idir" "$pack" \
          --reason "bench: this Kazi's plugins" >/dev/null 2>&1
    fi
  fi
  cat "$idir/kazi.db" >/dev/null
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
    base[$k]=$(best_of sqlite3 "$idir/kazi.db" "${base_sql[$k]}")
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
  floor=$(best_of env KAZI_SHARE_DIR="$PWD" "$bin/kazi" report run installation --data "$idir")
  report "indicators.process_floor.$n" "$floor" "s" "(subtracted)"
  total=0 over=0
  for id in $(grep -o 'id = "ind-[a-z-]*"' plugins/indicators.lua | cut -d'"' -f2 | grep -v names); do
    if ! t=$(best_of env KAZI_SHARE_DIR="$PWD" "$bin/kazi" report run "$id" --data "$idir" --csv); then
      report "indicators.$id.$n" "failed" "" "$(tail -1 "$work/ind.err")"
      over=$((over + 1))
      continue
    fi
    s=$(awk -v a="$t" -v f="$floor" 'BEGIN { s = a - f; if (s < 0) s = 0; printf "%.3f", s }')
    total=$(awk -v a="$total" -v b="$s" 'BEGIN { printf "%.3f", a + b }')
    b=${base[$(source_of "$id")]}
    if awk -v a="$s" 'BEGIN { exit !(a >= 2) }'; then over=$((over + 1)); fi
    ind_line "indicators.$id.$n" "$s" "$b" "$(awk -v a="$s" -v b="$b" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')" "< 2 s at 1000000"
  done
  report "indicators.all.$n" "$total" "s" "(the 30 together)"
  report "indicators.over_2s.$n" "$over" "" "0 at 1000000"
  [ -n "${KAZI_BENCH_INDICATORS_DATA:-}" ] || rm -rf "$idir"
done
