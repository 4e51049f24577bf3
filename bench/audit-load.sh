#!/usr/bin/env bash
# The cost of the audit log under load: one `seal server` (Open mode, fresh embedded localnet
# ledger) without and with its audit log (`audit:`: every answer recorded, a granted answer held
# until its record is durable, group commit), the same pre-signed 1-id fetch_key requests
# (`seal-bench server-requests`, tle policy: granted) replayed with wrk at CONNECTIONS connections
# for DURATION seconds, off and on alternately for ROUNDS rounds in the same run. Reports medians
# of requests/s and p99 for each, the ratio on/off, the p99 difference, whether the targets hold
# (on >= 90 % of off, p99 within 5 ms of off), the server's CPU time per request in both modes
# (from /proc: what the log costs in CPU even when other work shares the machine), and the log's
# group commits (records per commit, commit latency) from its metrics.
#
#   bench/audit-load.sh [--build DIR] [--duration S] [--connections C] [--threads T]
#                       [--rounds R] [--json] [--quick]   (--quick: 1 s, 1 round: a smoke test)
#
# Needs wrk, curl and python3. The audit database lives in ${TMPDIR:-/tmp} (its fsyncs are the
# disk's: put TMPDIR on the disk a real server would use).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${SEAL_BUILD_DIR:-$root/build}
duration=10
conns=64
threads=$(nproc)
rounds=3
json=0
quick=0
while [[ $# -gt 0 ]]; do
    case "$1" in
    --build) build=$2; shift ;;
    --duration) duration=$2; shift ;;
    --connections) conns=$2; shift ;;
    --threads) threads=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --json) json=1 ;;
    --quick) quick=1; duration=1; rounds=1 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "audit-load: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
for v in "$duration" "$conns" "$threads" "$rounds"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "audit-load: numbers must be positive integers" >&2; exit 2; }
done
seal=$build/seal
bench=$build/bench/seal-bench
[[ -x $seal && -x $bench ]] || { echo "audit-load: build first ($seal, $bench)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "audit-load: wrk is not installed" >&2; exit 2; }

T=$(mktemp -d "${TMPDIR:-/tmp}/seal-audit-load.XXXXXX")
pid=
cleanup() {
    [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
log() { [[ $json == 1 ]] || echo "audit-load: $*" >&2; }

"$seal" localnet init --data "$T/chain" >"$T/init.json"
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$T/init.json" "$1"; }
"$seal" keygen --out "$T/ks.key" >/dev/null
"$seal" keygen --audit --out "$T/audit.key"
for mode in off on; do
    cat >"$T/$mode.yaml" <<EOF
network: !Devnet
  seal_package: $(field seal_package)
server_mode: !Open
  key_server_object_id: 0x000000000000000000000000000000000000000000000000000000000000abcd
chain: $(field chain)
listen: 127.0.0.1:0
metrics_host_port: 127.0.0.1:0
threads: $threads
max_in_flight: 4096
allowed_staleness: 1d
master_key_file: $T/ks.key
EOF
done
printf 'audit:\n  database: %s\n  key_file: %s\n' "$T/audit.db" "$T/audit.key" >>"$T/on.yaml"

n=20000 warm=3
[[ $quick == 1 ]] && n=500 warm=1
log "pre-signing $n requests"
"$bench" server-requests --count $n --ids 1 --package "$(field patterns_package)" --out "$T/req.txt"

start() { # start MODE: sets pid, url, mport
    "$seal" server --config "$T/$1.yaml" >"$T/server.out" 2>"$T/server.log" &
    pid=$!
    for _ in $(seq 1 1200); do
        grep -q '^ready ' "$T/server.out" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || { cat "$T/server.log" >&2; exit 1; }
        sleep 0.05
    done
    url=$(sed -n 's/^ready //p' "$T/server.out")
    mport=$(grep -o '"metrics_port":[0-9]*' "$T/server.log" | head -n1 | cut -d: -f2)
    [[ -n $url ]] || { echo "audit-load: the server did not start: $(tail -c 300 "$T/server.log")" >&2; exit 1; }
    code=$(head -1 "$T/req.txt" | curl -s -o "$T/check.json" -w '%{http_code}' --max-time 10 \
        -H 'Content-Type: application/json' -H 'Client-Sdk-Type: typescript' \
        -H 'Client-Sdk-Version: 1.4.12' --data-binary @- "$url/v1/fetch_key")
    [[ $code == 200 ]] || { echo "audit-load: a request was refused ($code)" >&2; exit 1; }
    if [[ $1 == on ]] && ! grep -q '"audit"' "$T/check.json"; then
        echo "audit-load: no receipt with the log on" >&2
        exit 1
    fi
}
stop() {
    kill -TERM "$pid"
    wait "$pid" || true
    pid=
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; } # utime + stime of the server
run() { # run MODE -> one WRK_JSON object with the server's CPU time during the run
    start "$1"
    wrk -t2 -c"$conns" -d${warm}s -s "$here/server-load.lua" "$url/v1/fetch_key" -- "$T/req.txt" >/dev/null
    sleep 1
    local w c0 c1
    c0=$(cpu_ticks)
    w=$(wrk -t2 -c"$conns" -d"${duration}s" --timeout 10s -s "$here/server-load.lua" \
        "$url/v1/fetch_key" -- "$T/req.txt" | sed -n 's/^WRK_JSON //p')
    sleep 1
    c1=$(cpu_ticks)
    w=${w%\}}",\"cpu_ticks\":$((c1 - c0)),\"hz\":$(getconf CLK_TCK)}"
    curl -s "http://127.0.0.1:$mport/metrics" >"$T/metrics-$1"
    stop
    echo "$w"
}

results=()
load0=$(cut -d' ' -f1 /proc/loadavg)
for r in $(seq 1 "$rounds"); do
    log "round $r/$rounds: log off, ${duration}s at $conns connections"
    w=$(run off) && [[ -n $w ]] || { echo "audit-load: the run without the log failed" >&2; exit 1; }
    results+=("off" "$w" "-")
    log "round $r/$rounds: log on"
    w=$(run on) && [[ -n $w ]] || { echo "audit-load: the run with the log failed" >&2; exit 1; }
    results+=("on" "$w" "$(grep '^audit_' "$T/metrics-on" | tr '\n' '|')")
done

load1=$(cut -d' ' -f1 /proc/loadavg)
python3 - "$json" "$conns" "$duration" "$threads" "$rounds" "$load0" "$load1" "${results[@]}" <<'EOF'
import json, os, statistics, sys
as_json, conns, duration, threads, rounds = (int(a) for a in sys.argv[1:6])
load = [float(a) for a in sys.argv[6:8]]
rest = sys.argv[8:]
runs = {"off": [], "on": []}
audit = []
for i in range(0, len(rest), 3):
    mode, w = rest[i], json.loads(rest[i + 1])
    secs = w["duration_us"] / 1e6
    runs[mode].append({"requests_per_s": w["requests"] / secs, "p50_ms": w["p50_us"] / 1000,
                       "p99_ms": w["p99_us"] / 1000, "non_2xx": w["non2xx"],
                       "socket_errors": w["socket_errors"],
                       # the server's CPU time (user + system, all threads) per answered request:
                       # what the log costs, whatever else the machine runs
                       "server_cpu_us_per_request": round(
                           w["cpu_ticks"] * 1e6 / w["hz"] / max(1, w["requests"]), 1)})
    if mode == "on":
        m = dict(l.split(" ", 1) for l in rest[i + 2].split("|") if l and not l.startswith("#"))
        audit.append({"records": int(m["audit_appended_total"]), "commits": int(m["audit_commits_total"]),
                      "commit_ms_mean": float(m["audit_commit_duration_millis_sum"]) /
                      max(1, int(m["audit_commit_duration_millis_count"]))})
def med(mode, key):
    return round(statistics.median(r[key] for r in runs[mode]), 2)
off_rps, on_rps = med("off", "requests_per_s"), med("on", "requests_per_s")
off_p99, on_p99 = med("off", "p99_ms"), med("on", "p99_ms")
out = {
    "bench": "audit-load",
    "connections": conns, "duration_s": duration, "server_threads": threads, "rounds": rounds,
    "ids_per_request": 1,
    # the machine's 1-minute load average before and after: figures taken while other work
    # shares the cores are not those of a dedicated server
    "load_average": load, "cpus": os.cpu_count(),
    "off": {"requests_per_s": off_rps, "p50_ms": med("off", "p50_ms"), "p99_ms": off_p99,
            "runs": runs["off"]},
    "on": {"requests_per_s": on_rps, "p50_ms": med("on", "p50_ms"), "p99_ms": on_p99,
           "runs": runs["on"]},
    "ratio_on_off": round(on_rps / off_rps, 3) if off_rps else None,
    "server_cpu_us_per_request": {"off": med("off", "server_cpu_us_per_request"),
                                  "on": med("on", "server_cpu_us_per_request")},
    "p99_difference_ms": round(on_p99 - off_p99, 2),
    "target_throughput_met": off_rps > 0 and on_rps >= 0.9 * off_rps,
    "target_p99_met": on_p99 <= off_p99 + 5,
    "non_2xx": sum(r["non_2xx"] for m in runs.values() for r in m),
    "audit_log": {
        "records_per_commit_median": round(statistics.median(
            a["records"] / max(1, a["commits"]) for a in audit), 1),
        "commit_ms_mean_median": round(statistics.median(a["commit_ms_mean"] for a in audit), 2),
    },
}
print(json.dumps(out) if as_json else json.dumps(out, indent=2))
EOF
