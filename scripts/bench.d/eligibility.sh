# Sourced by scripts/bench (issue 7, point 5): eligibility at scale. A Tanzania-shaped
# register from `kazi demo-data`; every worker's dossier is built from the database (in
# batches of 1000, prepared statements reused, five queries per batch) and every declared
# certification rule evaluated on two threads, each with its own reused Lua state
# (workers/s, and all_rules_seconds: the time for all N workers, target < 10 s at 100,000),
# with the dossiers alone beside it (eligibility.dossiers), and one rule alone on one thread
# as a ratio to plain Lua over in-memory tables measured in the same run: the Tanzanian
# rule itself over the same dossiers (ratio_same_rule, the target) and the small rule of
# scripts/bench.d/rules.sh (ratio) (tests/bench/eligibility.c). Every path streams a
# batch at a time, so memory stays flat (about 20 MB) whatever the size.
#
# 100,000 workers by default (about half a minute with the register's creation).
# 1,000,000 workers takes several minutes (creating the register is most of it), so it
# is opt-in: KAZI_BENCH_ELIGIBILITY_1M=1 scripts/bench 5 eligibility, or name the sizes
# with KAZI_BENCH_ELIGIBILITY_SIZES="100000 1000000".
sizes=${KAZI_BENCH_ELIGIBILITY_SIZES:-100000}
if [ -z "${KAZI_BENCH_ELIGIBILITY_SIZES:-}" ] && [ -n "${KAZI_BENCH_ELIGIBILITY_1M:-}" ]; then
  sizes="100000 1000000"
fi
case " $sizes " in
  *" 1000000 "*) ;;
  *) echo "# eligibility at 1,000,000 workers is opt-in (several minutes): KAZI_BENCH_ELIGIBILITY_1M=1" ;;
esac
for n in $sizes; do
  edir="$work/eligibility-$n"
  "$bin/kazi" init --data "$edir" --country tanzania >/dev/null
  "$bin/kazi" demo-data --data "$edir" --people "$n" >/dev/null
  while read -r name value unit; do
    case "$name" in
      eligibility.ratio_same_rule) report "$name.$n" "$value" "$unit" ">= 0.25" ;;
      eligibility.all_rules_seconds) report "$name.$n" "$value" "$unit" "$([ "$n" -eq 100000 ] && echo "< 10")" ;;
      eligibility.plain_lua|eligibility.plain_lua_same_rule) report "$name.$n" "$value" "$unit" "(baseline)" ;;
      *) report "$name.$n" "$value" "$unit" "" ;;
    esac
  done < <(KAZI_SHARE_DIR="$PWD" "$bin/tests/kazi-bench-eligibility" "$edir" "$n" "$([ "$n" -ge 1000000 ] && echo 1 || echo 2)")
  rm -rf "$edir"
done
