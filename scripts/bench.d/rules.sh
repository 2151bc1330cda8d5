# Sourced by scripts/bench (issue 4, point 10): rule evaluations per second through
# the Kazi runtime over 100,000 synthetic dossiers, as a ratio to the same rule in
# plain Lua over in-memory tables, measured in the same run.
# kazi-bench-rules prints "name value unit" lines: rules.kazi (batches, decisions
# counted as the baseline counts them), rules.kazi_missing (batches that also build the
# JSON list of what is missing), rules.kazi_single, rules.plain_lua (eval/s) and
# rules.ratio, rules.ratio_missing (x), rules.kazi_modules (eval/s: the same rule through a
# required helper module, what freezing and putting upvalues back cost) and
# rules.ratio_modules (x); best of 5 interleaved rounds, in CPU time (a shared machine's
# waits count against neither path).
while read -r name value unit; do
  case "$name" in
    rules.ratio) report "$name" "$value" "$unit" ">= 0.40" ;;
    rules.plain_lua) report "$name" "$value" "$unit" "(baseline)" ;;
    *) report "$name" "$value" "$unit" "" ;;
  esac
done < <("$bin/tests/kazi-bench-rules" 100000)
