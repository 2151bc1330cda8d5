# Registry figures (issue 6, point 8; issue 19), sourced by scripts/bench: person-by-id
# throughput against a raw CivetWeb+SQLite primary-key handler, filtered search p99
# under $conns clients, each with where a request's time goes (the server's
# kazi_http_stage_seconds_total, per request); CSV import rate against the schema's
# ceiling (the same rows put into Kazi's own tables and indexes by plain SQL) and
# against `sqlite3 .import` into one bare table; and the server's resident memory. KAZI_BENCH_PEOPLE (default 1000000) sizes the
# register (5,000,000 is opt-in: KAZI_BENCH_PEOPLE=5000000); KAZI_BENCH_IMPORT_ROWS (default
# 100000) the import file. KAZI_BENCH_DATA=DIR measures a register made before (by `kazi
# demo-data --seed 1`, for the scale table in docs/registry.md) instead of making one.
people=${KAZI_BENCH_PEOPLE:-1000000}
import_rows=${KAZI_BENCH_IMPORT_ROWS:-100000}
reg="$work/registry"
pw="$work/bench.pw"
printf 'bench password 1234\n' > "$pw"
if [ -n "${KAZI_BENCH_DATA:-}" ]; then
  reg=$KAZI_BENCH_DATA
  people=$(sqlite3 "$reg/kazi.db" "SELECT count(*) FROM person")
  "$bin/kazi" user add --data "$reg" --username bench --role national_hr_officer \
    --password-file "$pw" >/dev/null 2>&1 || true # made by an earlier run
  report "registry.people" "$people" "people" "(made before: $reg)"
else
  "$bin/kazi" init --data "$reg" --country tanzania >/dev/null
  t0=$(date +%s.%N)
  "$bin/kazi" demo-data --data "$reg" --people "$people" --seed 1 >/dev/null
  t1=$(date +%s.%N)
  "$bin/kazi" user add --data "$reg" --username bench --role national_hr_officer --password-file "$pw" >/dev/null
  report "registry.demo_data_people" "$people" "people" "(in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", b-a}') s)"
fi

# ---- GET /api/v1/people/{id} vs a raw primary-key handler --------------------------
pport=$(free_port)
"$bin/tests/kazi-bench-baseline-person" "$pport" "$threads" "$reg/kazi.db" 2>/dev/null & pids+=($!)
pk_pid=$!
rport=$(free_port)
"$bin/kazi" serve --data "$reg" --listen "127.0.0.1:$rport" --threads "$threads" 2>/dev/null & pids+=($!)
server_pid=$!
wait_http "http://127.0.0.1:$pport/people/1"
wait_http "http://127.0.0.1:$rport/healthz"
curl -fs -c "$work/cookies" -H 'content-type: application/json' \
  -d '{"username":"bench","password":"bench password 1234"}' \
  "http://127.0.0.1:$rport/api/v1/auth/login" >/dev/null
session=$(awk '$6 == "kazi_session" {print $7}' "$work/cookies")
districts=$(sqlite3 "$reg/kazi.db" "SELECT group_concat(id) FROM org_unit WHERE level_id = 'district'")

# Random ids over the whole register, the same sequence for both servers in a round
# (paired, scripts/bench: args[1] is the round).
person_lua() { # path-prefix file
  cat > "$2" <<LUA
math.randomseed(7)
init = function(args) math.randomseed(7 + (tonumber(args[1]) or 0)) end
wrk.headers["Cookie"] = "kazi_session=$session"
request = function() return wrk.format("GET", "$1" .. math.random(1, $people)) end
LUA
}
# Steady state: the register was just written; warm both servers before measuring.
warm() { wrk -t2 -c"$conns" -d2s -s "$1" "$2" >/dev/null; }
# Per-stage time of the requests between two /metrics snapshots, in microseconds per
# request (wall time on the worker threads, so it includes waiting for a core).
stages_snap() { curl -fs "http://127.0.0.1:$rport/metrics" | awk -F'"' '/^kazi_http_stage_seconds_total/ { split($3, v, " "); print $2, v[2] }'; }
stages_report() { # name before after requests
  paste <(echo "$2") <(echo "$3") | awk -v n="$4" -v name="$1" \
    '{ printf "%-34s %10.1f %-8s %s\n", name ".stage." $1, ($4 - $2) * 1e6 / n, "us/req", "" }'
}
person_lua "/people/" "$work/p-base.lua"
person_lua "/api/v1/people/" "$work/p-kazi.lua"
warm "$work/p-base.lua" "http://127.0.0.1:$pport"
warm "$work/p-kazi.lua" "http://127.0.0.1:$rport"
s0=$(stages_snap)
paired "http://127.0.0.1:$pport" "$work/p-base.lua" "http://127.0.0.1:$rport" "$work/p-kazi.lua" \
  "$pk_pid" "$server_pid"
s1=$(stages_snap)
report "registry.baseline_pk_lookup" "$pair_base" "req/s" "(baseline; median run)"
report "registry.person_by_id" "$pair_kazi" "req/s" "(median run)"
report "registry.person_by_id_ratio" "$pair_ratio" "x" ">= 0.65 (median of $rounds pairs of ${run_secs} s runs; spread $pair_spread)"
report "registry.person_by_id_cpu_ratio" "$pair_cpu_ratio" "x" "(server CPU a request: raw handler's / Kazi's)"
stages_report "registry.person_by_id" "$s0" "$s1" "$pair_requests"

# ---- a filtered search page: one district, status, sex, 50 per page ----------------
cat > "$work/search.lua" <<LUA
math.randomseed(11)
wrk.headers["Cookie"] = "kazi_session=$session"
local d = { $districts }
local sexes = { "female", "male" }
request = function()
  return wrk.format("GET", "/api/v1/people?org_unit=" .. d[math.random(#d)] ..
    "&status=active&sex=" .. sexes[math.random(2)] .. "&limit=50")
end
LUA
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }
warm "$work/search.lua" "http://127.0.0.1:$rport"
s0=$(stages_snap)
out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/search.lua" "http://127.0.0.1:$rport")
s1=$(stages_snap)
p99=$(echo "$out" | awk '$1 == "99%" {print $2}' | to_ms)
report "registry.search_filtered_rps" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "req/s" ""
report "registry.search_filtered_p99" "$p99" "ms" "< 10 (${conns} clients; flat in the register size)"
stages_report "registry.search_filtered" "$s0" "$s1" "$(echo "$out" | awk '/requests in/ {print $1}')"

# ---- the dashboard for the whole country, beside a plain GROUP BY over the same rows --------
# The median of three answers of GET /api/v1/figures/dashboard (a national officer: people,
# posts, expiring certificates, supervision and pay totals), against sqlite3 counting the
# active people with a current post per cadre (people x assignments x positions, one GROUP BY).
median3() { sort -n | awk '{ v[NR] = $1 } END { print v[2] }'; }
dash_ms=$(for _ in 1 2 3; do
  curl -fs -o /dev/null -w '%{time_total}\n' -H "Cookie: kazi_session=$session" \
    "http://127.0.0.1:$rport/api/v1/figures/dashboard"; done | median3 | awk '{ printf "%.0f", $1 * 1000 }')
group_ms=$(for _ in 1 2 3; do
  t0=$(date +%s.%N)
  sqlite3 "$reg/kazi.db" "SELECT pos.cadre, count(*) FROM person p JOIN assignment a ON
    a.person_id = p.id AND a.end_date IS NULL JOIN position pos ON pos.id = a.position_id
    WHERE p.status = 'active' GROUP BY pos.cadre" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; done | median3 | awk '{ printf "%.0f", $1 * 1000 }')
report "registry.baseline_group_by" "$group_ms" "ms" "(baseline: plain GROUP BY, sqlite3)"
report "registry.dashboard_national" "$dash_ms" "ms" "< 500 at 1,000,000 people"
report "registry.dashboard_ratio" "$(ratio "$dash_ms" "$((group_ms > 0 ? group_ms : 1))")" "x" "(against the GROUP BY)"

# The same for a district officer of the register's first district: an area's figures
# (people, posts, expiring certificates, supervision and pay) read its own people, so the
# time per person in the district is what should stay flat as the register grows.
read -r dcode dpath <<<"$(sqlite3 -separator ' ' "$reg/kazi.db" "SELECT code, path FROM org_unit
  WHERE level_id = 'district' ORDER BY id LIMIT 1")"
dpeople=$(sqlite3 "$reg/kazi.db" "SELECT count(*) FROM person WHERE org_path >= '$dpath' AND
  org_path < '${dpath%/}0'")
"$bin/kazi" user add --data "$reg" --username bench-district --role district_hr_officer \
  --scope "$dcode" --password-file "$pw" >/dev/null 2>&1 || true # made by an earlier run
curl -fs -c "$work/dcookies" -H 'content-type: application/json' \
  -d '{"username":"bench-district","password":"bench password 1234"}' \
  "http://127.0.0.1:$rport/api/v1/auth/login" >/dev/null
dsession=$(awk '$6 == "kazi_session" {print $7}' "$work/dcookies")
ddash_ms=$(for _ in 1 2 3; do
  curl -fs -o /dev/null -w '%{time_total}\n' -H "Cookie: kazi_session=$dsession" \
    "http://127.0.0.1:$rport/api/v1/figures/dashboard"; done | median3 | awk '{ printf "%.0f", $1 * 1000 }')
report "registry.dashboard_district" "$ddash_ms" "ms" "(a district of $dpeople people)"
report "registry.dashboard_district_per_person" \
  "$(awk -v t="$ddash_ms" -v n="$dpeople" 'BEGIN { printf "%.1f", (n > 0 ? t * 1000 / n : 0) }')" \
  "us" "(flat in the register's size)"

rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
report "registry.server_rss" "$rss" "MB" "< 100"

# ---- streaming export: the whole register as CSV, memory flat in the row count ------
# Reset the peak-RSS mark (clear_refs 5), export every person, read the new peak.
echo 5 > "/proc/$server_pid/clear_refs" 2>/dev/null || true
t0=$(date +%s.%N)
exported=$(curl -fs -H "Cookie: kazi_session=$session" \
  "http://127.0.0.1:$rport/api/v1/exports/people.csv" | wc -l)
t1=$(date +%s.%N)
hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
report "registry.export_people_rows" "$((exported - 1))" "rows" "(of $people)"
report "registry.export_people_rate" "$(awk -v a="$t0" -v b="$t1" -v n="$exported" 'BEGIN { printf "%.0f", n / (b - a) }')" "rows/s" ""
report "registry.export_peak_rss_growth" "$((hwm - rss))" "MB" "< 20 (streamed: flat in the row count)"

# The import figures do not depend on the register: measured only on a register made here.
[ -n "${KAZI_BENCH_DATA:-}" ] && return 0

# ---- CSV import vs the schema's ceiling (and sqlite3 .import of the same file) -------
# The ceiling: the same rows put into Kazi's own tables — person and its identifiers,
# with every index and trigger of the schema — by plain SQL (INSERT ... SELECT from a
# staging table loaded beforehand), in one transaction. What the import adds to that
# (parsing, validation, duplicate checks, the audit row) is what the ratio measures.
sqlite3 -csv -header "$reg/kazi.db" \
  "SELECT p.given_name, p.family_name, p.sex, p.birth_date, u.code AS residence_code,
          'B-' || p.id AS \"identifier.national_id\"
   FROM person p JOIN org_unit u ON u.id = p.residence_org_unit_id LIMIT $import_rows" \
  > "$work/people.csv"
# Three rounds, import and ceiling alternated (K C, C K, K C) each into a new empty
# register, so that a drift of the machine's load falls on both sides alike; the ratio
# is the median of the rounds' ratios, printed with their spread (one pair alone moved
# from 0.58 to 0.76 between two runs on a 2-core machine).
empty() { rm -rf "$1"; "$bin/kazi" init --data "$1" --country tanzania >/dev/null
  "$bin/kazi" demo-data --data "$1" --people 0 >/dev/null; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }
import_once() {
  empty "$work/imp"
  local t0 t1; t0=$(date +%s.%N)
  "$bin/kazi" import people --data "$work/imp" --quiet "$work/people.csv" >/dev/null
  t1=$(date +%s.%N); elapsed "$t0" "$t1"
}
ceiling_once() {
  empty "$work/ceil"
  sqlite3 "$work/ceil/kazi.db" ".import --csv $work/people.csv staging"
  local t0 t1; t0=$(date +%s.%N)
  sqlite3 "$work/ceil/kazi.db" <<'SQL'
BEGIN;
INSERT INTO person (id, given_name, family_name, name_key, given_key, sex, birth_date,
                    residence_org_unit_id, org_path, created_at, updated_at)
SELECT s.rowid, s.given_name, s.family_name, lower(s.family_name || ' ' || s.given_name),
       lower(s.given_name || ' ' || s.family_name), nullif(s.sex, ''), nullif(s.birth_date, ''),
       u.id, u.path, 0, 0
FROM staging AS s JOIN org_unit AS u ON u.code = s.residence_code;
INSERT INTO person_identifier (type, value, person_id)
SELECT 'national_id', s."identifier.national_id", s.rowid FROM staging AS s;
COMMIT;
SQL
  t1=$(date +%s.%N); elapsed "$t0" "$t1"
}
imp_times=() ceil_times=() import_ratios=()
for round in 1 2 3; do
  if [ $((round % 2)) -eq 1 ]; then ki=$(import_once); kc=$(ceiling_once)
  else kc=$(ceiling_once); ki=$(import_once); fi
  imp_times+=("$ki") ceil_times+=("$kc")
  import_ratios+=("$(awk -v i="$ki" -v c="$kc" 'BEGIN { printf "%.4f", c / i }')")
done
med() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio_median=$(med "${import_ratios[@]}")
ratio_spread=$(printf '%s\n' "${import_ratios[@]}" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }')
rate() { awk -v t="$1" -v n="$import_rows" 'BEGIN { printf "%.0f", n / t }'; }
kazi_rate=$(rate "$(med "${imp_times[@]}")")
ceil_rate=$(rate "$(med "${ceil_times[@]}")")
t0=$(date +%s.%N)
sqlite3 "$work/sqlite-import.db" ".import --csv $work/people.csv people"
t1=$(date +%s.%N)
base_rate=$(rate "$(elapsed "$t0" "$t1")")
report "registry.baseline_schema_ceiling" "$ceil_rate" "rows/s" "(baseline: plain SQL into Kazi's tables)"
report "registry.baseline_sqlite_import" "$base_rate" "rows/s" "(baseline: one bare table)"
report "registry.csv_import" "$kazi_rate" "rows/s" ""
report "registry.csv_import_ceiling_ratio" "$(printf '%.2f' "$ratio_median")" "x" ">= 0.60 (median of 3 alternated rounds; spread $ratio_spread)"
report "registry.csv_import_ratio" "$(ratio "$kazi_rate" "$base_rate")" "x" "(against one bare table)"
