# Sourced by scripts/bench (issue 7, point 5): eligibility at scale. A Tanzania-shaped
# register from `kazi demo-data` at 100,000 and 1,000,000 workers; every worker's
# dossier is built from the database (prepared statements reused) and every declared
# certification rule evaluated in batches of 1000 on one Lua state (workers/s), and
# one rule alone as a ratio to plain Lua over in-memory tables measured in the same
# run: the Tanzanian rule itself over the same dossiers (ratio_same_rule, the target)
# and the small rule of scripts/bench.d/rules.sh (ratio) (tests/bench/eligibility.c). KAZI_BENCH_ELIGIBILITY_SIZES overrides the sizes.
for n in ${KAZI_BENCH_ELIGIBILITY_SIZES:-100000 1000000}; do
  edir="$work/eligibility-$n"
  "$bin/kazi" init --data "$edir" --country tanzania >/dev/null
  "$bin/kazi" demo-data --data "$edir" --people "$n" >/dev/null
  while read -r name value unit; do
    case "$name" in
      eligibility.ratio_same_rule) report "$name.$n" "$value" "$unit" ">= 0.25" ;;
      eligibility.plain_lua|eligibility.plain_lua_same_rule) report "$name.$n" "$value" "$unit" "(baseline)" ;;
      *) report "$name.$n" "$value" "$unit" "" ;;
    esac
  done < <(KAZI_SHARE_DIR="$PWD" "$bin/tests/kazi-bench-eligibility" "$edir" "$n")
  rm -rf "$edir"
done
