#!/usr/bin/env bash
# davfs2 (a FUSE mount, `mount -t davfs`) against a running Kiste.
#
#   scripts/clients/davfs2.sh BASE_URL USER PASSWORD
#
# BASE_URL is the server root (http://127.0.0.1:PORT). Mounts /remote.php/dav/files/USER/ with a secrets
# file, then in a folder of its own: read a file put there with curl, write a 1 MiB file and a small one,
# rename, mkdir, delete, df (quota properties); after the unmount (which uploads what is still cached) it
# checks with plain HTTP that the server has exactly those bytes and names. KISTE_SERVER_LOG, when set, names
# the file that receives the server's stdout: davfs2's LOCK, PUT and UNLOCK of the big file must be in it.
#
# Needs root, /dev/fuse and mount.davfs (davfs2); installs nothing. Where a mount is impossible (no root, no
# FUSE, not permitted) it prints why and exits 77 (skipped). Exits 1 with the reason on failure.
#
# davfs2 1.6 on Linux 6.16 and newer lists directories only with `buf_size 64` (KiB) or more: with the
# default of 16 every readdir fails with EINVAL (the kernel's FUSE readdir changed; see the davfs2 issue
# "davfs2 no longer works under Linux 6.16").
set -euo pipefail

STEP_TIMEOUT=30
SKIP=77

fail() {
    echo "davfs2: FAILED: $*" >&2
    exit 1
}
skip() {
    echo "davfs2: SKIPPED: $*"
    exit "$SKIP"
}
say() { echo "davfs2: $*"; }

if (( $# != 3 )); then
    sed -n '2,17s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
base=${1%/}
user=$2
password=$3
dav=$base/remote.php/dav/files/$user

(( EUID == 0 )) || skip "mounting needs root (this runs as uid $EUID)"
command -v mount.davfs >/dev/null 2>&1 || skip "mount.davfs not found (apt-get install davfs2)"
[[ -c /dev/fuse ]] || skip "no /dev/fuse in this environment"
grep -qw fuse /proc/filesystems || skip "the kernel offers no FUSE file system (/proc/filesystems)"
getent group davfs2 >/dev/null || skip "the davfs2 group is missing (a broken davfs2 install)"

work=$(mktemp -d /tmp/kiste-davfs2.XXXXXX)
mnt=$work/mnt
folder="davfs2-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
mounted=0
offset=0
[[ -n ${KISTE_SERVER_LOG:-} ]] && offset=$(stat -c %s "$KISTE_SERVER_LOG")

cleanup() {
    if (( mounted )) || mountpoint -q "$mnt" 2>/dev/null; then
        timeout 60 umount "$mnt" 2>/dev/null || timeout 10 umount -l "$mnt" 2>/dev/null || true
    fi
    # never delete through a live mount
    if ! mountpoint -q "$mnt" 2>/dev/null; then
        rm -rf "$work"
    else
        echo "davfs2: $mnt is still mounted; left $work in place" >&2
    fi
    curl -s -o /dev/null --max-time 30 -u "$user:$password" -X DELETE "$dav/$folder/" || true
}
trap cleanup EXIT

t() { timeout -k 5 "$STEP_TIMEOUT" "$@"; }
http() { curl -sS --max-time 30 -u "$user:$password" "$@"; }

mkdir -p "$mnt" "$work/cache"
# mount.davfs runs as the davfs2 user and needs a cache directory that group may reach and write
chmod 711 "$work"
chgrp davfs2 "$work/cache"
chmod 775 "$work/cache"
printf '%s %s %s\n' "$dav/" "$user" "$password" >"$work/secrets"
chmod 600 "$work/secrets"
cat >"$work/davfs2.conf" <<EOF
secrets $work/secrets
cache_dir $work/cache
ask_auth 0
use_locks 1
delay_upload 0
buf_size 64
EOF

[[ $(http -o /dev/null -w '%{http_code}' -X MKCOL "$dav/$folder/") == 201 ]] || fail "MKCOL $folder"
printf 'put by curl\n' >"$work/server.txt"
[[ $(http -o /dev/null -w '%{http_code}' -T "$work/server.txt" "$dav/$folder/server.txt") == 201 ]] \
    || fail "PUT server.txt"

if ! err=$(t mount -t davfs -o "conf=$work/davfs2.conf" "$dav/" "$mnt" </dev/null 2>&1); then
    if grep -qiE 'not permitted|permission denied|fuse|no such device' <<<"$err"; then
        skip "mount -t davfs is not possible here: $err"
    fi
    fail "mount -t davfs $dav/ $mnt: $err"
fi
mounted=1
say "mounted $dav/ on $mnt"

d=$mnt/$folder
listing=$(t ls -A "$d" 2>&1) || fail "ls of the mounted folder: $listing"
[[ $listing == server.txt ]] || fail "ls shows '$listing', expected server.txt"
t cmp -s "$work/server.txt" "$d/server.txt" || fail "reading server.txt through the mount gives other bytes"
say "listed and read a file put with curl"

head -c 1048576 /dev/urandom >"$work/big.bin"
printf 'Grüße über davfs2\n' >"$work/note.txt"
t cp "$work/big.bin" "$d/big.bin" || fail "writing big.bin"
t cp "$work/note.txt" "$d/Notiz ä.txt" || fail "writing 'Notiz ä.txt'"
t mv "$d/server.txt" "$d/renamed.txt" || fail "renaming server.txt"
t mkdir "$d/sub" || fail "mkdir sub"
t cp "$work/note.txt" "$d/sub/gone.txt" && t rm "$d/sub/gone.txt" || fail "writing and deleting sub/gone.txt"
listing=$(t ls -A "$d" | sort | tr '\n' '|')
[[ $listing == "Notiz ä.txt|big.bin|renamed.txt|sub|" ]] || fail "after the writes ls shows '$listing'"
size=$(t df -B1 --output=size "$mnt" | tail -n 1 | tr -d ' ')
[[ $size =~ ^[0-9]+$ ]] && (( size > 0 )) || fail "df shows no size ('$size'): quota properties not used"
say "wrote, renamed, made a folder, deleted; df size $size bytes"

t umount "$mnt" >/dev/null || fail "umount $mnt"
mounted=0
say "unmounted"

# the server's view, by plain HTTP
http -o "$work/back.bin" "$dav/$folder/big.bin" && cmp -s "$work/big.bin" "$work/back.bin" \
    || fail "the server does not have the bytes of big.bin"
http -o "$work/back.txt" "$dav/$folder/Notiz%20%C3%A4.txt" && cmp -s "$work/note.txt" "$work/back.txt" \
    || fail "the server does not have the bytes of 'Notiz ä.txt'"
http -o "$work/back2.txt" "$dav/$folder/renamed.txt" && cmp -s "$work/server.txt" "$work/back2.txt" \
    || fail "the server does not have renamed.txt"
[[ $(http -o /dev/null -w '%{http_code}' -I "$dav/$folder/server.txt") == 404 ]] \
    || fail "server.txt still exists on the server after the rename"
[[ $(http -o /dev/null -w '%{http_code}' -X PROPFIND -H 'Depth: 1' "$dav/$folder/sub/") == 207 ]] \
    || fail "the folder sub is missing on the server"
[[ $(http -o /dev/null -w '%{http_code}' -I "$dav/$folder/sub/gone.txt") == 404 ]] \
    || fail "sub/gone.txt still exists on the server after rm"
say "the server has the written bytes and names"

if [[ -n ${KISTE_SERVER_LOG:-} ]]; then
    sleep 1  # the server writes its access log from a queue
    seq=$(tail -c +$((offset + 1)) "$KISTE_SERVER_LOG" \
        | sed -n "s|.*kiste\.access .* \"\([A-Z]*\) /remote.php/dav/files/$user/$folder/big.bin HTTP/[0-9.]*\" \([0-9]*\) .*|\1(\2)|p" \
        | grep -E '^(LOCK|PUT|UNLOCK)\(' | paste -sd ' ')
    [[ $seq =~ LOCK\(20[01]\).*PUT\(20[14]\).*UNLOCK\(204\) ]] \
        || fail "server log for big.bin: expected LOCK ... PUT ... UNLOCK, saw: ${seq:-nothing}"
    errors=$(tail -c +$((offset + 1)) "$KISTE_SERVER_LOG" | grep -E 'kiste\.access .*" 5[0-9][0-9] ' || true)
    [[ -z $errors ]] || fail "the server answered davfs2 with 5xx: $errors"
    say "server log for big.bin: $seq"
fi
say "passed"
