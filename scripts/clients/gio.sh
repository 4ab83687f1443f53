#!/usr/bin/env bash
# GNOME's gvfs (through the gio command line) against a running Kiste.
#
#   scripts/clients/gio.sh BASE_URL USER PASSWORD
#
# BASE_URL is the server root (http://127.0.0.1:PORT). Runs in a D-Bus session of its own (dbus-run-session),
# which starts the gvfs daemons and ends them with it. Mounts dav://USER@HOST:PORT/remote.php/dav/files/USER/
# (password on the standard input of `gio mount`), then in a folder of its own: mkdir, copy two files in (one
# with spaces and umlauts in its name), list, cat (compare bytes, also with a plain GET), info (size, free
# space from the quota properties), move, remove, and unmount. KISTE_SERVER_LOG, when set, names the file
# that receives the server's stdout: no request of the run may have got a 5xx there.
# Needs gio (libglib2.0-bin), gvfs-backends and dbus; installs nothing. Exits 1 with the reason on failure.
set -euo pipefail

STEP_TIMEOUT=30

if [[ ${1:-} == --inner ]]; then
    shift
    inner=1
else
    inner=0
fi
if (( $# != 3 )); then
    sed -n '2,12s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
base=${1%/}
user=$2
password=$3
hostport=${base#http://}
hostport=${hostport%%/*}

fail() {
    echo "gio: FAILED: $*" >&2
    exit 1
}
say() { echo "gio: $*"; }

if (( !inner )); then
    for tool in gio dbus-run-session curl cmp; do
        command -v "$tool" >/dev/null 2>&1 || fail "'$tool' not found on PATH (apt-get install libglib2.0-bin dbus gvfs-backends curl)"
    done
    [[ -x /usr/libexec/gvfsd-dav ]] || fail "the gvfs WebDAV backend /usr/libexec/gvfsd-dav is missing (apt-get install gvfs-backends)"
    work=$(mktemp -d /tmp/kiste-gio.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    # a HOME and runtime dir of our own: no keyring, settings or caches of the caller are used or changed
    mkdir -m 700 "$work/home" "$work/run"
    offset=0
    [[ -n ${KISTE_SERVER_LOG:-} ]] && offset=$(stat -c %s "$KISTE_SERVER_LOG")
    rc=0
    HOME=$work/home XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache \
        XDG_DATA_HOME=$work/home/.local/share GIO_USE_VOLUME_MONITOR=unix GVFS_DISABLE_FUSE=1 KISTE_GIO_WORK=$work \
        dbus-run-session -- bash "$0" --inner "$base" "$user" "$password" 3>&2 2>"$work/dbus.log" || rc=$?
    if (( rc != 0 )) && [[ -s $work/dbus.log ]]; then
        echo "gio: the D-Bus session's log:" >&2
        grep -v -e 'RemoteVolumeMonitor' -e 'VolumeMonitor' "$work/dbus.log" | tail -n 20 >&2 || true
    fi
    if [[ -n ${KISTE_SERVER_LOG:-} ]]; then
        sleep 1  # the server writes its access log from a queue
        errors=$(tail -c +$((offset + 1)) "$KISTE_SERVER_LOG" | grep -E 'kiste\.access .*" 5[0-9][0-9] ' || true)
        [[ -z $errors ]] || fail "the server answered gvfs with 5xx: $errors"
    fi
    (( rc == 0 )) && say "passed"
    exit "$rc"
fi

# ---- inside the D-Bus session ------------------------------------------------------------------------------

exec 2>&3 3>&-  # our errors to the caller; the daemons of the session log to dbus.log
work=$KISTE_GIO_WORK
root="dav://$user@$hostport/remote.php/dav/files/$user/"
folder="gio-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
dir="$root$folder/"
t() { timeout -k 5 "$STEP_TIMEOUT" "$@"; }
# gio's remote volume monitors warn on stderr about what a headless box lacks; keep stderr for real errors
quiet() { grep -v -e 'RemoteVolumeMonitor' -e '^$' "$work/err" >&2 || true; }

printf '%s\n' "$password" | t gio mount "$root" >"$work/out" 2>"$work/err" \
    || { cat "$work/out"; quiet; fail "gio mount $root"; }
grep -q 'Password' "$work/out" || fail "gio mount did not ask for the password: the server did not challenge"
t gio mount -l 2>/dev/null | grep -q "dav://$user@$hostport" || fail "the mount is not listed by 'gio mount -l'"
say "mounted $root"
unmount() { t gio mount -u "$root" 2>/dev/null || true; }
trap unmount EXIT

head -c 150000 /dev/urandom >"$work/one.bin"
printf 'Grüße aus gvfs\n' >"$work/two.txt"
t gio mkdir "$dir" 2>"$work/err" || { quiet; fail "gio mkdir $dir"; }
t gio copy "$work/one.bin" "${dir}one.bin" 2>"$work/err" || { quiet; fail "gio copy one.bin"; }
t gio copy "$work/two.txt" "${dir}Grüße 1.txt" 2>"$work/err" || { quiet; fail "gio copy 'Grüße 1.txt'"; }
say "copied two files in"

listing=$(t gio list "$dir" 2>"$work/err") || { quiet; fail "gio list $dir"; }
[[ $(sort <<<"$listing" | tr '\n' '/') == "Grüße 1.txt/one.bin/" ]] \
    || fail "gio list shows '$(tr '\n' ',' <<<"$listing")', expected 'Grüße 1.txt' and 'one.bin'"
say "listed"

t gio cat "${dir}one.bin" >"$work/back.bin" 2>"$work/err" || { quiet; fail "gio cat one.bin"; }
cmp -s "$work/one.bin" "$work/back.bin" || fail "gio cat one.bin: the bytes differ from what was copied in"
t gio cat "${dir}Grüße 1.txt" >"$work/back.txt" 2>"$work/err" || { quiet; fail "gio cat 'Grüße 1.txt'"; }
cmp -s "$work/two.txt" "$work/back.txt" || fail "gio cat 'Grüße 1.txt': the bytes differ"
curl -sS --fail --max-time 30 -u "$user:$password" -o "$work/get.txt" \
    "$base/remote.php/dav/files/$user/$folder/Gr%C3%BC%C3%9Fe%201.txt" || fail "GET of the file gvfs copied in"
cmp -s "$work/two.txt" "$work/get.txt" || fail "the server has other bytes than gvfs copied in"
say "cat (and a plain GET) return the same bytes"

size=$(t gio info -a standard::size "${dir}one.bin" 2>/dev/null | sed -n 's/^ *standard::size: //p')
[[ $size == 150000 ]] || fail "gio info says size '$size' for one.bin, expected 150000"
free=$(t gio info -f "$root" 2>/dev/null | sed -n 's/^ *filesystem::free: //p')
[[ $free =~ ^[0-9]+$ ]] && (( free > 0 )) || fail "gio info -f shows no free space ('$free'): quota properties not used"
say "info: size 150000, filesystem::free $free"

t gio move "${dir}one.bin" "${dir}moved.bin" 2>"$work/err" || { quiet; fail "gio move"; }
listing=$(t gio list "$dir" 2>/dev/null)
[[ $(sort <<<"$listing" | tr '\n' '/') == "Grüße 1.txt/moved.bin/" ]] \
    || fail "after gio move the listing is '$(tr '\n' ',' <<<"$listing")'"
t gio cat "${dir}moved.bin" 2>/dev/null | cmp -s "$work/one.bin" - || fail "the moved file has other bytes"
say "moved"

t gio remove "${dir}moved.bin" "${dir}Grüße 1.txt" 2>"$work/err" || { quiet; fail "gio remove of the files"; }
[[ -z $(t gio list "$dir" 2>/dev/null) ]] || fail "the folder is not empty after gio remove"
t gio remove "$dir" 2>"$work/err" || { quiet; fail "gio remove of the folder"; }
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -u "$user:$password" -X PROPFIND -H 'Depth: 0' \
    "$base/remote.php/dav/files/$user/$folder/")
[[ $status == 404 ]] || fail "the folder still exists on the server after gio remove (PROPFIND: $status)"
say "removed"

trap - EXIT
t gio mount -u "$root" 2>"$work/err" || { quiet; fail "gio mount -u"; }
if t gio mount -l 2>/dev/null | grep -q "dav://$user@$hostport"; then
    fail "still mounted after gio mount -u"
fi
say "unmounted"
