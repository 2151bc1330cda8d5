# Sourced by scripts/bench (issue 4, point 10): rule evaluations per second through
# the Kazi runtime over 100,000 synthetic dossiers, as a ratio to the same rule in
# plain Lua over in-memory tables, measured in the same run.
# kazi-bench-rules prints "name value unit" lines: rules.kazi, rules.kazi_single,
# rules.plain_lua (eval/s) and rules.ratio (x).
while read -r name value unit; do
  case "$name" in
    rules.ratio) report "$name" "$value" "$unit" ">= 0.25" ;;
    rules.plain_lua) report "$name" "$value" "$unit" "(baseline)" ;;
    *) report "$name" "$value" "$unit" "" ;;
  esac
done < <("$bin/tests/kazi-bench-rules" 100000)
