# Marker requests in the server's access log, for client scripts that check which requests a client sent.
# Source it after setting: base (the server URL), folder (a name unique to this run), log (the file receiving the
# server's stdout, or empty: then mark does nothing).

# mark NAME: a request whose access-log line marks a point in time
mark() { [[ -z $log ]] || curl -s -o /dev/null --max-time 10 "$base/health?mark=$1-$folder" || true; }

# requests_between A B: the access-log lines between the markers A and B (the log is written from a queue:
# wait up to 10 s for marker B to appear)
requests_between() {
    local i
    for ((i = 0; i < 40; i++)); do
        grep -q "GET /health?mark=$2-$folder " "$log" && break
        sleep 0.25
    done
    awk -v a="GET /health?mark=$1-$folder " -v b="GET /health?mark=$2-$folder " '
        index($0, b) { exit }
        on && / kiste\.access / { print }
        index($0, a) { on = 1 }' "$log"
}
