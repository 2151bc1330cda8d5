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
# One client for both reads: fetch, parse the JSON, count; prints "<items> <seconds>".
fhir_read() {
  python3 - "$1" "$2" "$fsession" <<'PY'
import json, sys, time, urllib.request
kind, url, session = sys.argv[1], sys.argv[2], sys.argv[3]
def get(u):
    req = urllib.request.Request(u, headers={"Cookie": "kazi_session=" + session})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())
t0, n = time.monotonic(), 0
if kind == "export":
    n = len(get(url))
else:
    while url:
        page = get(url)
        n += len(page.get("entry", []))
        url = next((l["url"] for l in page.get("link", []) if l["relation"] == "next"), None)
print(n, time.monotonic() - t0)
PY
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
