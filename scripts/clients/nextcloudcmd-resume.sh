#!/usr/bin/env bash
# The Nextcloud desktop sync engine (nextcloudcmd) resuming a chunked upload after it was killed, against a running
# Kiste.
#
#   scripts/clients/nextcloudcmd-resume.sh BASE_URL USER PASSWORD
#
# Syncs a server folder of its own with a local folder holding one 60 MiB file, in fixed 4 MB chunks at a limited
# upload rate; kills nextcloudcmd (SIGKILL) once the server has stored four chunks, and syncs again. The second
# run must ask the server which chunks it has (PROPFIND of the transfer) and send only the others, assemble the
# file with one MOVE …/.file, and the file on the server must be byte-identical; the transfer folder must be gone
# afterwards. Needs KISTE_SERVER_LOG (the server's access log, to see the chunks arrive; without it the script
# exits 77, skipped), nextcloudcmd, curl and python3; installs nothing. Prints PASS/FAIL lines; exits 1 when a
# check failed.
set -euo pipefail

SYNC_TIMEOUT=${KISTE_NEXTCLOUDCMD_TIMEOUT:-90}     # one nextcloudcmd run
KILL_WAIT=30                                         # seconds to wait for the first chunks before giving up
NAME=nextcloudcmd-resume
CHUNK_BYTES=4000000
FILE_BYTES=$((60 * 1024 * 1024))

# shellcheck source=checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

if (( $# != 3 )); then
    sed -n '2,14s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
base=${1%/}
user=$2
password=$3
log=${KISTE_SERVER_LOG:-}
if [[ -z $log ]]; then
    echo "$NAME: skipped: KISTE_SERVER_LOG is not set (the script watches the access log for stored chunks)"
    exit 77
fi
for tool in nextcloudcmd curl python3 cmp; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found on PATH (apt-get install nextcloud-desktop-cmd curl python3)"
done
[[ -f $log ]] || die "KISTE_SERVER_LOG names '$log', which does not exist"

work=$(mktemp -d /tmp/kiste-nextcloudcmd-resume.XXXXXX)
pid=""
cleanup() {
    [[ -z $pid ]] || kill -9 "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
out=${KISTE_CLIENT_OUT:-$work}
mkdir -p "$out" "$work/home" "$work/local"
folder="resume-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
dav=$base/remote.php/dav/files/$user

# shellcheck source=access-log.sh
source "$(dirname "${BASH_SOURCE[0]}")/access-log.sh"

# since MARK: "METHOD path status" of the access-log lines after the marker (the log is written from a queue)
since() {
    awk -v a="GET /health?mark=$1-$folder " '
        on && / kiste\.access / { print }
        index($0, a) { on = 1 }' "$log" | sed -nE 's/.*"([A-Z]+) ([^ ]*) HTTP\/[0-9.]+" ([0-9]+) .*/\1 \2 \3/p'
}

# nc NAME [extra options…]: a nextcloudcmd run in the background with fixed-size chunks; its pid in $pid
nc() {
    local name=$1
    shift
    HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share \
        XDG_CACHE_HOME=$work/home/.cache OWNCLOUD_CHUNK_SIZE=$CHUNK_BYTES OWNCLOUD_TARGET_CHUNK_UPLOAD_DURATION=0 \
        nextcloudcmd --non-interactive "$@" --path "/$folder" -u "$user" -p "$password" "$work/local" "$base" \
        >"$out/$NAME-$name.log" 2>&1 &
    pid=$!
}

status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -u "$user:$password" -X MKCOL "$dav/$folder")
[[ $status == 201 ]] || die "MKCOL of the synced folder answered $status"
head -c "$FILE_BYTES" /dev/urandom >"$work/local/big.bin"
chunks=$(( (FILE_BYTES + CHUNK_BYTES - 1) / CHUNK_BYTES ))

# ---- 1. killed in the middle ---------------------------------------------------------------------------------

mark first
nc first --uplimit 8000
stored=0
for ((i = 0; i < KILL_WAIT * 5; i++)); do
    stored=$(since first | grep -cE "^PUT /remote\.php/dav/uploads/$user/[^/]+/[^/]+ 201$" || true)
    (( stored >= 4 )) && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=""
if (( stored >= 4 && stored < chunks )); then
    pass "nextcloudcmd killed after the server had stored $stored of $chunks chunks"
else
    die "could not kill nextcloudcmd in the middle of the upload ($stored of $chunks chunks stored)"
fi

# ---- 2. the next sync resumes --------------------------------------------------------------------------------

mark second
nc second
for ((i = 0; i < SYNC_TIMEOUT * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
done
kill -9 "$pid" 2>/dev/null && fail "the second sync did not end within $SYNC_TIMEOUT s"
rc=0
wait "$pid" || rc=$?
pid=""
(( rc == 0 )) || fail "the second sync exited $rc (log: $out/$NAME-second.log)"
mark end
sent=$(requests_between second end | sed -nE 's/.*"([A-Z]+) ([^ ]*) HTTP\/[0-9.]+" ([0-9]+) .*/\1 \2 \3/p')
resent=$(grep -cE "^PUT /remote\.php/dav/uploads/$user/[^/]+/[^/]+ 201$" <<<"$sent" || true)
transfer=$(grep -oE "^PROPFIND /remote\.php/dav/uploads/$user/[^/ ]+" <<<"$sent" | head -n 1 | cut -d' ' -f2 || true)
if [[ -n $transfer ]] && (( resent > 0 && resent <= chunks - stored )); then
    pass "the second sync asked for the stored chunks and sent only $resent of the $((chunks - stored)) missing ones"
else
    fail "the second sync did not resume: PROPFIND of the transfer '${transfer:-none}', $resent chunk PUTs (missing: $((chunks - stored)))"
fi
if [[ $(grep -cE '^MOVE /remote\.php/dav/uploads/[^ ]+/\.file 201$' <<<"$sent" || true) == 1 ]]; then
    pass "one MOVE …/.file assembled the file"
else
    fail "no single MOVE …/.file 201 in the second sync: $(grep -E '^MOVE ' <<<"$sent" | tr '\n' ';')"
fi
curl -s -o "$work/back.bin" --max-time 60 -u "$user:$password" "$dav/$folder/big.bin"
if cmp -s "$work/back.bin" "$work/local/big.bin"; then
    pass "the file on the server is byte-identical"
else
    fail "the file on the server differs from the local one"
fi
if [[ -n $transfer ]]; then
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -u "$user:$password" -X PROPFIND -H 'Depth: 0' \
        "$base$transfer")
    if [[ $status == 404 ]]; then
        pass "the transfer folder is gone after the assembly"
    else
        fail "PROPFIND of the transfer folder after the assembly answered $status"
    fi
fi

status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -u "$user:$password" -X DELETE "$dav/$folder")
[[ $status == 204 ]] || echo "$NAME: note: DELETE of the server folder answered $status"

if (( failures )); then
    echo "$NAME: $failures check(s) failed; nextcloudcmd's logs: $out/$NAME-*.log" >&2
    exit 1
fi
echo "$NAME: passed"
