# FHIR figures (issue 17, point 4), sourced by scripts/bench: a full read of
# GET /fhir/Practitioner/_history (paged, _count=1000, following each Bundle's `next`
# link) in resources/s, beside the JSON export of the same people
# (GET /api/v1/exports/people.json) in rows/s, read by the same client in the same
# run, and their ratio; plus the server's peak memory growth over the whole feed.
# KAZI_BENCH_FHIR_PEOPLE (default 20000) sizes the register; 1000000 is the issue's
# figure.
fhir_people=${KAZI_BENCH_FHIR_PEOPLE:-20000}
fdata="$work/fhir"
fpw="$work/fhir.pw"
printf 'bench password 1234\n' > "$fpw"
"$bin/kazi" init --data "$fdata" --country tanzania >/dev/null
"$bin/kazi" demo-data --data "$fdata" --people "$fhir_people" --seed 3 >/dev/null
"$bin/kazi" user add --data "$fdata" --username fbench --role national_hr_officer --password-file "$fpw" >/dev/null
fport=$(free_port)
"$bin/kazi" serve --data "$fdata" --listen "127.0.0.1:$fport" --threads "$threads" 2>/dev/null & pids+=($!)
fserver=$!
wait_http "http://127.0.0.1:$fport/healthz"
curl -fs -c "$work/fcookies" -H 'content-type: application/json' \
  -d '{"username":"fbench","password":"bench password 1234"}' \
  "http://127.0.0.1:$fport/api/v1/auth/login" >/dev/null
fsession=$(awk '$6 == "kazi_session" {print $7}' "$work/fcookies")
echo 5 > "/proc/$fserver/clear_refs" 2>/dev/null || true
frss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$fserver/status")
# One client for both reads: curl's transfer time of each response (summed over the
# pages), the items counted afterwards, outside the timing; prints "<items> <seconds>".
fhir_read() { # kind url
  local url=$2 total=0 n=0 t body="$work/fhir-page.json"
  while [ -n "$url" ]; do
    t=$(curl -fs -o "$body" -w '%{time_total}' -H "Cookie: kazi_session=$fsession" "$url")
    total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
    read -r c url < <(python3 - "$1" "$body" <<'PY'
import json, sys
doc = json.load(open(sys.argv[2]))
if sys.argv[1] == "export":
    print(len(doc), "")
else:
    nxt = next((l["url"] for l in doc.get("link", []) if l["relation"] == "next"), "")
    print(len(doc.get("entry", [])), nxt)
PY
)
    n=$((n + c))
  done
  echo "$n $total"
}
read -r ex_n ex_s < <(fhir_read export "http://127.0.0.1:$fport/api/v1/exports/people.json")
read -r hi_n hi_s < <(fhir_read history "http://127.0.0.1:$fport/fhir/Practitioner/_history?_count=1000")
ex_rate=$(awk -v n="$ex_n" -v s="$ex_s" 'BEGIN { printf "%.0f", n / s }')
hi_rate=$(awk -v n="$hi_n" -v s="$hi_s" 'BEGIN { printf "%.0f", n / s }')
fhwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$fserver/status")
report "fhir.baseline_export_people_json" "$ex_rate" "rows/s" "(baseline, $ex_n rows)"
report "fhir.practitioner_history" "$hi_rate" "res/s" "($hi_n resources, _count=1000)"
report "fhir.history_vs_export_ratio" "$(ratio "$hi_rate" "$ex_rate")" "x" ">= 0.50"
report "fhir.peak_rss_growth" "$((fhwm - frss))" "MB" "< 50 (paged: flat in the register size)"
