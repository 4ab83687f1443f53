#!/usr/bin/env bash
# rclone (WebDAV backend, vendor "other") against a running Kiste.
#
#   scripts/clients/rclone.sh BASE_URL USER PASSWORD [EXPECTED_QUOTA_BYTES]
#
# BASE_URL is the server root (http://127.0.0.1:PORT). In a folder of its own: sync a small tree up (nested
# folders, an empty file, a 1 MiB file, names with spaces and umlauts), `rclone check --download` (compares
# bytes), change the tree and sync again (update and delete on the server), copyto / moveto / deletefile,
# lsjson of the result, `rclone about` (quota-available-bytes / quota-used-bytes; with EXPECTED_QUOTA_BYTES
# its total must be that), purge. KISTE_SERVER_LOG, when set, names the file that receives the server's
# stdout: no request of the run may have got a 5xx there. Needs rclone; installs nothing.
# Exits 1 with the reason on failure.
set -euo pipefail

STEP_TIMEOUT=60

fail() {
    echo "rclone: FAILED: $*" >&2
    exit 1
}
say() { echo "rclone: $*"; }

if (( $# < 3 || $# > 4 )); then
    sed -n '2,12s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
base=${1%/}
user=$2
password=$3
quota=${4:-}
command -v rclone >/dev/null 2>&1 || fail "'rclone' not found on PATH (apt-get install rclone)"

work=$(mktemp -d /tmp/kiste-rclone.XXXXXX)
trap 'rm -rf "$work"' EXIT
folder="rclone-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
offset=0
[[ -n ${KISTE_SERVER_LOG:-} ]] && offset=$(stat -c %s "$KISTE_SERVER_LOG")

# the remote "kiste" lives in the environment only; an empty config file keeps the caller's rclone.conf out
: >"$work/rclone.conf"
export RCLONE_CONFIG=$work/rclone.conf RCLONE_CACHE_DIR=$work/cache
export RCLONE_CONFIG_KISTE_TYPE=webdav RCLONE_CONFIG_KISTE_VENDOR=other RCLONE_CONFIG_KISTE_USER=$user
export RCLONE_CONFIG_KISTE_URL=$base/remote.php/dav/files/$user/
RCLONE_CONFIG_KISTE_PASS=$(rclone obscure "$password")
export RCLONE_CONFIG_KISTE_PASS

r() {
    local out
    if ! out=$(timeout -k 5 "$STEP_TIMEOUT" rclone --low-level-retries 2 --retries 1 "$@" 2>&1); then
        printf '%s\n' "$out" >&2
        fail "rclone $*"
    fi
    printf '%s\n' "$out"
}

tree=$work/tree
mkdir -p "$tree/a/b c" "$tree/Ördner"
printf 'one\n' >"$tree/one.txt"
: >"$tree/empty.txt"
head -c 1048576 /dev/urandom >"$tree/a/mega.bin"
printf 'deep\n' >"$tree/a/b c/deep file.txt"
printf 'Grüße\n' >"$tree/Ördner/Grüße.txt"

r sync "$tree" "kiste:$folder" >/dev/null
say "synced a tree of $(find "$tree" -type f | wc -l) files up"
r check --download "$tree" "kiste:$folder" >/dev/null
say "check --download: all files equal"

printf 'one, changed\n' >"$tree/one.txt"
rm "$tree/a/b c/deep file.txt"
printf 'new\n' >"$tree/Ördner/neu.txt"
r sync "$tree" "kiste:$folder" >/dev/null
r check --download "$tree" "kiste:$folder" >/dev/null
[[ $(r cat "kiste:$folder/one.txt") == "one, changed" ]] || fail "the second sync did not update one.txt"
say "second sync (update, delete, add) checked"

r copyto "kiste:$folder/a/mega.bin" "kiste:$folder/copy.bin" >/dev/null
r moveto "kiste:$folder/copy.bin" "kiste:$folder/Ördner/moved.bin" >/dev/null
r copyto "kiste:$folder/Ördner/moved.bin" "$work/moved.bin" >/dev/null
cmp -s "$tree/a/mega.bin" "$work/moved.bin" || fail "the copied and moved file has other bytes"
r deletefile "kiste:$folder/Ördner/moved.bin" >/dev/null
say "copyto / moveto / deletefile (server-side COPY and MOVE)"

listing=$(r lsf -R "kiste:$folder" | sort | tr '\n' '|')
expected=$(cd "$tree" && find . -mindepth 1 \( -type d -printf '%P/\n' -o -type f -printf '%P\n' \) | sort | tr '\n' '|')
[[ $listing == "$expected" ]] || fail "the server's tree '$listing' differs from the local one '$expected'"
say "lsf -R matches the local tree"

about=$(r about --json kiste:)
total=$(sed -n 's/.*"total": *\([0-9]*\).*/\1/p' <<<"$about")
used=$(sed -n 's/.*"used": *\([0-9]*\).*/\1/p' <<<"$about")
free=$(sed -n 's/.*"free": *\([0-9]*\).*/\1/p' <<<"$about")
[[ -n $total && -n $used && -n $free ]] || fail "rclone about shows no quota: $about"
(( used >= 1048576 )) || fail "rclone about: used $used bytes, but at least 1 MiB is stored"
if [[ -n $quota ]]; then
    (( total == quota )) || fail "rclone about: total $total, expected the quota $quota"
    (( free == quota - used )) || fail "rclone about: free $free + used $used is not the quota $quota"
fi
say "about: total $total, used $used, free $free"

r purge "kiste:$folder" >/dev/null
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -u "$user:$password" -X PROPFIND -H 'Depth: 0' \
    "$base/remote.php/dav/files/$user/$folder/")
[[ $status == 404 ]] || fail "the folder still exists after rclone purge (PROPFIND: $status)"
say "purged"

if [[ -n ${KISTE_SERVER_LOG:-} ]]; then
    sleep 1  # the server writes its access log from a queue
    errors=$(tail -c +$((offset + 1)) "$KISTE_SERVER_LOG" | grep -E 'kiste\.access .*" 5[0-9][0-9] ' || true)
    [[ -z $errors ]] || fail "the server answered rclone with 5xx: $errors"
fi
say "passed"
