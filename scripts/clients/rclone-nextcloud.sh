#!/usr/bin/env bash
# rclone (WebDAV backend, vendor "nextcloud") against a running Kiste.
#
#   scripts/clients/rclone-nextcloud.sh BASE_URL USER PASSWORD [EXPECTED_QUOTA_BYTES]
#
# BASE_URL is the server root (http://127.0.0.1:PORT); the remote is BASE_URL/remote.php/dav/files/USER. In a
# folder of its own: sync a tree up (nested folders, names in several scripts and with spaces, an empty file,
# a 3 MiB file), a second sync must transfer nothing (rclone's log and the server's access log), `rclone
# check` must compare SHA-1 hashes (from oc:checksums) and find them equal, `rclone sha1sum` must list the
# local SHA-1 of every file, moveto (one server-side MOVE, no upload), cat --offset/--count (a 206 Range
# answer with the right bytes), about (with EXPECTED_QUOTA_BYTES: total must be that quota), purge.
# KISTE_SERVER_LOG, when set, names the file that receives the server's stdout (access log): then the
# request-level checks run too, and no request of the run may have got a 5xx. Needs rclone and curl; installs
# nothing. Prints PASS/FAIL lines; exits 1 when a step failed.
set -euo pipefail

STEP_TIMEOUT=60
NAME=rclone-nextcloud

# shellcheck source=checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

if (( $# < 3 || $# > 4 )); then
    sed -n '2,14s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
base=${1%/}
user=$2
password=$3
quota=${4:-}
log=${KISTE_SERVER_LOG:-}
for tool in rclone curl sha1sum; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found on PATH (apt-get install rclone curl)"
done

work=$(mktemp -d /tmp/kiste-rclone-nc.XXXXXX)
trap 'rm -rf "$work"' EXIT
folder="rclone-nc-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
dav=$base/remote.php/dav/files/$user

# the remote "nc" lives in the environment only; an empty config file keeps the caller's rclone.conf out
: >"$work/rclone.conf"
export RCLONE_CONFIG=$work/rclone.conf RCLONE_CACHE_DIR=$work/cache
export RCLONE_CONFIG_NC_TYPE=webdav RCLONE_CONFIG_NC_VENDOR=nextcloud RCLONE_CONFIG_NC_USER=$user
export RCLONE_CONFIG_NC_URL=$dav
RCLONE_CONFIG_NC_PASS=$(rclone obscure "$password")
export RCLONE_CONFIG_NC_PASS

# r ARGS…: run rclone (bounded); its output (stdout and log) on our stdout; a failure ends the script
r() {
    local out
    if ! out=$(timeout -k 5 "$STEP_TIMEOUT" rclone --low-level-retries 2 --retries 1 "$@" 2>&1); then
        printf '%s\n' "$out" >&2
        die "rclone $*"
    fi
    printf '%s\n' "$out"
}

# ---- the server's access log between two marker requests ----------------------------------------------------

# shellcheck source=access-log.sh
source "$(dirname "${BASH_SOURCE[0]}")/access-log.sh"

# ---- the tree ------------------------------------------------------------------------------------------------

tree=$work/tree
mkdir -p "$tree/Übersicht/café" "$tree/日本/東京" "$tree/a b & c/d #e" "$tree/leer"
printf 'one\n' >"$tree/one.txt"
: >"$tree/empty.txt"
head -c $((3 * 1024 * 1024)) /dev/urandom >"$tree/big file.bin"
printf 'Grüße\n' >"$tree/Übersicht/café/Grüße.txt"
printf 'こんにちは\n' >"$tree/日本/東京/挨拶.txt"
printf 'amp\n' >"$tree/a b & c/d #e/50% & more.txt"
for i in 1 2 3 4 5; do printf 'file %s\n' "$i" >"$tree/Übersicht/n$i.txt"; done
nfiles=$(find "$tree" -type f | wc -l)

[[ -n $log ]] && mark sync1-start
r sync -v "$tree" "nc:$folder" >"$work/sync1.out"
copied=$(grep -c ': Copied (new)' "$work/sync1.out" || true)
if (( copied == nfiles )); then
    pass "sync up: $copied files copied"
else
    fail "sync up copied $copied files, expected $nfiles"
fi

# ---- second sync: nothing to do ------------------------------------------------------------------------------

[[ -n $log ]] && mark sync2-start
r sync -v "$tree" "nc:$folder" >"$work/sync2.out"
[[ -n $log ]] && mark sync2-end
transferred=$(grep -E ': (Copied|Updated|Deleted)' "$work/sync2.out" || true)
stats=$(grep -E '^Transferred:.*/ *[0-9]+, ' "$work/sync2.out" || true)
if [[ -z $transferred && ( -z $stats || $stats =~ Transferred:[[:space:]]+0\ / ) ]]; then
    pass "second sync: 0 files transferred"
else
    fail "second sync transferred something: ${transferred:-$stats}"
fi
if [[ -n $log ]]; then
    writes=$(requests_between sync2-start sync2-end | grep -E '"(PUT|MOVE|COPY|DELETE|MKCOL|PROPPATCH) ' || true)
    if [[ -z $writes ]]; then
        pass "second sync: no write request in the access log"
    else
        fail "second sync sent writes: $writes"
    fi
fi

# ---- check with hashes ---------------------------------------------------------------------------------------

check_out=$(timeout -k 5 "$STEP_TIMEOUT" rclone check -v "$tree" "nc:$folder" 2>&1) || check_rc=$?
if (( ${check_rc:-0} == 0 )) && grep -q "0 differences found" <<<"$check_out" \
    && ! grep -qi "no .*hash\|hashes could not be checked\|size only" <<<"$check_out"; then
    pass "check: $(grep -o '[0-9]* matching files' <<<"$check_out" || echo 'all matching'), compared by SHA-1"
else
    fail "rclone check (exit ${check_rc:-0}): $(grep -E 'NOTICE|ERROR' <<<"$check_out" | tr '\n' ' ')"
fi
remote_sums=$(timeout -k 5 "$STEP_TIMEOUT" rclone sha1sum "nc:$folder" 2>&1 | LC_ALL=C sort || true)
local_sums=$(cd "$tree" && find . -type f -printf '%P\0' | xargs -0 sha1sum | LC_ALL=C sort)
if [[ $remote_sums == "$local_sums" ]]; then
    pass "sha1sum: the server lists the local SHA-1 of all $nfiles files"
else
    fail "rclone sha1sum differs from the local SHA-1s: $(diff <(echo "$local_sums") <(echo "$remote_sums") | sed -n '1,6p' | tr '\n' ' ')"
fi

# ---- moveto: one server-side MOVE ----------------------------------------------------------------------------

[[ -n $log ]] && mark move-start
r moveto "nc:$folder/big file.bin" "nc:$folder/日本/moved ü.bin" >/dev/null
[[ -n $log ]] && mark move-end
back=$(timeout -k 5 "$STEP_TIMEOUT" rclone cat "nc:$folder/日本/moved ü.bin" 2>/dev/null | sha1sum | cut -c1-40)
[[ $back == "$(sha1sum <"$tree/big file.bin" | cut -c1-40)" ]] || fail "moveto: the moved file has other bytes"
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -u "$user:$password" -X PROPFIND -H 'Depth: 0' \
    "$dav/$folder/big%20file.bin")
[[ $status == 404 ]] || fail "moveto: the source still exists (PROPFIND: $status)"
if [[ -n $log ]]; then
    reqs=$(requests_between move-start move-end)
    if grep -qE '"MOVE [^"]*/big%20file\.bin HTTP/[0-9.]+" 201 ' <<<"$reqs" && ! grep -qE '"(PUT|GET) ' <<<"$reqs"; then
        pass "moveto: one server-side MOVE (201), no upload or download"
    else
        fail "moveto was not a server-side MOVE: $(tr '\n' ' ' <<<"$reqs" | grep -oE '"[A-Z]+ [^"]*" [0-9]+' | tr '\n' ' ')"
    fi
else
    pass "moveto"
fi
mv "$tree/big file.bin" "$tree/日本/moved ü.bin"

# ---- cat with a range ----------------------------------------------------------------------------------------

[[ -n $log ]] && mark cat-start
part=$(timeout -k 5 "$STEP_TIMEOUT" rclone cat --offset 1000000 --count 4096 "nc:$folder/日本/moved ü.bin" 2>/dev/null \
    | sha1sum | cut -c1-40)
[[ -n $log ]] && mark cat-end
expected=$(dd if="$tree/日本/moved ü.bin" bs=1 skip=1000000 count=4096 status=none | sha1sum | cut -c1-40)
if [[ $part != "$expected" ]]; then
    fail "cat --offset returned other bytes"
elif [[ -n $log ]] && ! requests_between cat-start cat-end | grep -qE '"GET [^"]*/moved%20[^"]*" 206 '; then
    fail "cat --offset: right bytes, but no GET answered 206: $(requests_between cat-start cat-end | grep -oE '"GET [^"]*" [0-9]+' | tr '\n' ' ')"
else
    pass "cat --offset 1000000 --count 4096: the right 4096 bytes (Range, 206)"
fi

# ---- about ---------------------------------------------------------------------------------------------------

about=$(r about --json nc:)
total=$(sed -n 's/.*"total": *\([0-9]*\).*/\1/p' <<<"$about")
used=$(sed -n 's/.*"used": *\([0-9]*\).*/\1/p' <<<"$about")
free=$(sed -n 's/.*"free": *\([0-9]*\).*/\1/p' <<<"$about")
if [[ -z $used || -z $free ]]; then
    fail "rclone about shows no quota: $(tr -d '\n' <<<"$about")"
elif (( used < 3 * 1024 * 1024 )); then
    fail "rclone about: used $used bytes, but at least 3 MiB is stored"
elif [[ -n $quota ]] && ! [[ $total == "$quota" && $free == $((quota - used)) ]]; then
    fail "rclone about: total '$total', free $free, used $used; expected total $quota = free + used"
else
    pass "about: total ${total:-?}, used $used, free $free"
fi

# ---- purge ---------------------------------------------------------------------------------------------------

r purge "nc:$folder" >/dev/null
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -u "$user:$password" -X PROPFIND -H 'Depth: 0' \
    "$dav/$folder/")
if [[ $status == 404 ]]; then
    pass "purge: the folder is gone"
else
    fail "the folder still exists after rclone purge (PROPFIND: $status)"
fi

if [[ -n $log ]]; then
    mark end
    errors=$(requests_between sync1-start end | grep -E '" 5[0-9][0-9] ' || true)
    if [[ -z $errors ]]; then
        pass "no 5xx answer in the access log"
    else
        fail "the server answered rclone with 5xx: $errors"
    fi
fi

if (( failures )); then
    echo "$NAME: $failures step(s) failed" >&2
    exit 1
fi
echo "$NAME: passed"
