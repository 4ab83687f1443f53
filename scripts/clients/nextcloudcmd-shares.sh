#!/usr/bin/env bash
# The Nextcloud desktop sync engine (nextcloudcmd) with a received share that its recipient keeps in a folder of
# their own, against a running Kiste.
#
#   scripts/clients/nextcloudcmd-shares.sh BASE_URL USER PASSWORD OWNER OWNER_PASSWORD
#
# OWNER shares a folder with USER (all rights) through the sharing API; USER moves it on the server from the top of
# their tree into SERVER_FOLDER/Received/ and syncs SERVER_FOLDER (--path) with a local folder:
#   1. the share arrives byte-identical, below Received/, where USER put it;
#   2. OWNER changes a file and adds one inside the share: the next sync brings both (the client only descends
#      into folders whose etag changed, so this fails unless the etags along USER's path show the change);
#   3. USER edits a file and adds one locally: OWNER sees both on the server;
#   4. USER renames the share locally: one MOVE, only USER's placement changes, OWNER's folder keeps its name;
#   5. a second, read-only share kept beside it: USER's local edit and new file in it are refused by the client
#      itself (no PUT reaches the server, the edit is restored from the server, OWNER's files stay as they were);
#   6. a sync without changes transfers nothing.
# KISTE_SERVER_LOG names the server's access log (request checks need it). Needs nextcloudcmd, curl and python3;
# installs nothing. Prints PASS/FAIL lines; exits 1 when a check failed.
set -euo pipefail

SYNC_TIMEOUT=${KISTE_NEXTCLOUDCMD_TIMEOUT:-90}     # one nextcloudcmd run
NAME=nextcloudcmd-shares

# shellcheck source=checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

if (( $# != 5 )); then
    sed -n '2,18s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
base=${1%/}
user=$2
password=$3
owner=$4
owner_password=$5
log=${KISTE_SERVER_LOG:-}
for tool in nextcloudcmd curl python3 sha1sum; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found on PATH (apt-get install nextcloud-desktop-cmd curl python3)"
done
[[ -z $log || -f $log ]] || die "KISTE_SERVER_LOG names '$log', which does not exist"

work=$(mktemp -d /tmp/kiste-nextcloudcmd-shares.XXXXXX)
trap 'rm -rf "$work"' EXIT
out=${KISTE_CLIENT_OUT:-$work}
mkdir -p "$out" "$work/home" "$work/local"
tag=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
folder="shares-$tag"        # USER's synced server folder
shared="Ensemble $tag"      # OWNER's folder, shared with USER
readonly="Plakate $tag"     # OWNER's folder, shared read-only with USER
renamed="Band $tag"         # USER's later name for it
local=$work/local

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# as WHO METHOD PATH [curl args…]: a request to WHO's files (user or owner); prints the HTTP status
as() {
    local who=$1 method=$2 path=$3 login pw
    shift 3
    if [[ $who == owner ]]; then login=$owner pw=$owner_password; else login=$user pw=$password; fi
    curl -s -o "$work/curl.out" -w '%{http_code}' --max-time 30 -u "$login:$pw" -X "$method" "$@" \
        "$base/remote.php/dav/files/$login/$(enc "$path")"
}

# nc_sync NAME [expect-errors]: one nextcloudcmd run; with expect-errors a non-zero exit is not reported
nc_sync() {
    local name=$1 expect=${2:-} rc=0
    HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share \
        XDG_CACHE_HOME=$work/home/.cache \
        timeout -k 10 "$SYNC_TIMEOUT" nextcloudcmd --non-interactive --path "/$folder" -u "$user" -p "$password" \
        "$local" "$base" >"$out/$NAME-$name.log" 2>&1 || rc=$?
    if (( rc != 0 )) && [[ $expect != expect-errors ]]; then
        echo "$NAME: nextcloudcmd ($name) exited $rc; the end of its log ($out/$NAME-$name.log):" >&2
        tail -n 5 "$out/$NAME-$name.log" | cut -c1-300 >&2
    fi
    return "$rc"
}

# shellcheck source=access-log.sh
source "$(dirname "${BASH_SOURCE[0]}")/access-log.sh"
requests() { sed -nE 's/.*"([A-Z]+) ([^ ]*) HTTP\/[0-9.]+" ([0-9]+) .*/\1 \2 \3/p'; }

# ---- set-up on the server ------------------------------------------------------------------------------------

[[ $(as owner MKCOL "$shared") == 201 ]] || die "the owner's MKCOL answered $(cat "$work/curl.out")"
[[ $(as owner MKCOL "$shared/Noten") == 201 ]] || die "the owner's MKCOL of a sub-folder failed"
for i in 1 2 3; do
    printf 'Stimme %s\n' "$i" >"$work/part$i.txt"
    [[ $(as owner PUT "$shared/Noten/part$i.txt" --data-binary @"$work/part$i.txt") == 201 ]] || die "the owner's PUT failed"
done
head -c 300000 /dev/urandom >"$work/probe.bin"
[[ $(as owner PUT "$shared/probe.bin" --data-binary @"$work/probe.bin") == 201 ]] || die "the owner's PUT failed"
status=$(curl -s -o "$work/share.json" -w '%{http_code}' --max-time 30 -u "$owner:$owner_password" \
    -H 'OCS-APIRequest: true' --data-urlencode "path=/$shared" --data-urlencode "shareType=0" \
    --data-urlencode "shareWith=$user" --data-urlencode "permissions=31" \
    "$base/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json")
[[ $status == 200 ]] || die "creating the share answered $status: $(head -c 300 "$work/share.json")"

[[ $(as owner MKCOL "$readonly") == 201 ]] || die "the owner's MKCOL of the read-only folder failed"
printf 'Plakat\n' >"$work/plakat.txt"
[[ $(as owner PUT "$readonly/plakat.txt" --data-binary @"$work/plakat.txt") == 201 ]] || die "the owner's PUT failed"
status=$(curl -s -o "$work/share.json" -w '%{http_code}' --max-time 30 -u "$owner:$owner_password" \
    -H 'OCS-APIRequest: true' --data-urlencode "path=/$readonly" --data-urlencode "shareType=0" \
    --data-urlencode "shareWith=$user" --data-urlencode "permissions=1" \
    "$base/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json")
[[ $status == 200 ]] || die "creating the read-only share answered $status: $(head -c 300 "$work/share.json")"

[[ $(as user MKCOL "$folder") == 201 ]] || die "MKCOL of the synced folder failed"
[[ $(as user MKCOL "$folder/Received") == 201 ]] || die "MKCOL of Received failed"
status=$(as user MOVE "$shared" -H "Destination: $base/remote.php/dav/files/$user/$(enc "$folder/Received/$shared")")
if [[ $status == 201 ]]; then
    pass "the recipient moved the share from the top of their tree into $folder/Received/"
else
    die "MOVE of the share into a folder answered $status: $(head -c 300 "$work/curl.out")"
fi
status=$(as user MOVE "$readonly" -H "Destination: $base/remote.php/dav/files/$user/$(enc "$folder/Received/$readonly")")
[[ $status == 201 ]] || die "MOVE of the read-only share into a folder answered $status"

# ---- 1. first sync -------------------------------------------------------------------------------------------

nc_sync first || die "first sync: nextcloudcmd exited non-zero"
ok=1
for i in 1 2 3; do
    cmp -s "$work/part$i.txt" "$local/Received/$shared/Noten/part$i.txt" || ok=0
done
cmp -s "$work/probe.bin" "$local/Received/$shared/probe.bin" || ok=0
cmp -s "$work/plakat.txt" "$local/Received/$readonly/plakat.txt" || ok=0
if (( ok )); then
    pass "first sync: the share arrived byte-identical below Received/"
else
    fail "first sync: the share's files are missing or differ locally ($(cd "$local" && find . -type f | head -n 8 | tr '\n' ' '))"
fi

# ---- 2. the owner's changes inside the share arrive ----------------------------------------------------------

printf 'Stimme 2, neu\n' >"$work/part2.txt"
[[ $(as owner PUT "$shared/Noten/part2.txt" --data-binary @"$work/part2.txt") == 204 ]] || fail "the owner's edit failed"
printf 'Programm\n' >"$work/programm.txt"
[[ $(as owner PUT "$shared/Noten/programm.txt" --data-binary @"$work/programm.txt") == 201 ]] || fail "the owner's new file failed"
nc_sync owner-changes || fail "sync after the owner's changes: nextcloudcmd exited non-zero"
if cmp -s "$work/part2.txt" "$local/Received/$shared/Noten/part2.txt" \
    && cmp -s "$work/programm.txt" "$local/Received/$shared/Noten/programm.txt"; then
    pass "the owner's edit and new file two levels inside the share arrived"
else
    fail "the owner's changes did not arrive below Received/"
fi

# ---- 3. the recipient's local changes reach the owner --------------------------------------------------------

printf 'Stimme 1, von %s\n' "$user" >"$local/Received/$shared/Noten/part1.txt"
printf 'Notiz\n' >"$local/Received/$shared/notiz.txt"
nc_sync local-changes || fail "sync after local changes: nextcloudcmd exited non-zero"
as owner GET "$shared/Noten/part1.txt" >/dev/null
if cmp -s "$work/curl.out" "$local/Received/$shared/Noten/part1.txt" \
    && [[ $(as owner GET "$shared/notiz.txt") == 200 ]]; then
    pass "the recipient's edit and new file reached the owner's folder"
else
    fail "the owner does not see the recipient's local changes"
fi

# ---- 4. a local rename of the share --------------------------------------------------------------------------

mark rename-start
mv "$local/Received/$shared" "$local/Received/$renamed"
nc_sync rename || fail "sync after renaming the share: nextcloudcmd exited non-zero"
mark rename-end
if [[ $(as user PROPFIND "$folder/Received/$renamed" -H 'Depth: 0') == 207 ]] \
    && [[ $(as owner PROPFIND "$shared" -H 'Depth: 0') == 207 ]] \
    && [[ $(as owner PROPFIND "$renamed" -H 'Depth: 0') == 404 ]]; then
    pass "renaming the share locally renamed only the recipient's mount point"
else
    fail "after the local rename: the recipient's '$renamed', the owner's '$shared' or no owner's '$renamed' is wrong"
fi
if [[ -n $log ]]; then
    sent=$(requests_between rename-start rename-end | requests | grep -vE '^(PROPFIND|GET /status\.php|GET /ocs/)' || true)
    if [[ $(grep -c '^MOVE ' <<<"$sent") == 1 && -z $(grep -E '^(PUT|DELETE|MKCOL) ' <<<"$sent") ]]; then
        pass "the rename was one MOVE, with no upload or delete"
    else
        fail "the rename sent: $(tr '\n' ';' <<<"$sent" | cut -c1-400)"
    fi
fi

# ---- 5. local changes in the read-only share -----------------------------------------------------------------

printf 'von %s geändert\n' "$user" >"$local/Received/$readonly/plakat.txt"
printf 'neu\n' >"$local/Received/$readonly/neu.txt"
mark readonly-start
# the client reports the refused new file as an error (exit 1), as with Nextcloud
nc_sync readonly expect-errors || true
mark readonly-end
as owner GET "$readonly/plakat.txt" >/dev/null
if cmp -s "$work/curl.out" "$work/plakat.txt" && [[ $(as owner GET "$readonly/neu.txt") == 404 ]]; then
    pass "the read-only share kept the owner's files as they were"
else
    fail "the owner's read-only folder changed: plakat.txt or a new neu.txt"
fi
if cmp -s "$work/plakat.txt" "$local/Received/$readonly/plakat.txt"; then
    pass "the client restored the locally edited file of the read-only share from the server"
else
    fail "the local plakat.txt was not restored: $(head -c 100 "$local/Received/$readonly/plakat.txt")"
fi
if [[ -n $log ]]; then
    sent=$(requests_between readonly-start readonly-end | requests | grep -E '^(PUT|MKCOL|MOVE|DELETE) ' || true)
    if [[ -z $sent ]]; then
        pass "no write reached the server for the read-only share (the client read its permissions)"
    else
        fail "writes for the read-only share: $(tr '\n' ';' <<<"$sent" | cut -c1-400)"
    fi
fi
# the client keeps refusing what stays local; take it away so the next syncs are clean
rm -f "$local/Received/$readonly/neu.txt" "$local/Received/$readonly/"*conflicted\ copy*

# ---- 6. a sync without changes -------------------------------------------------------------------------------

nc_sync settle || fail "settling sync: nextcloudcmd exited non-zero"
mark noop-start
nc_sync no-change || fail "sync without changes: nextcloudcmd exited non-zero"
mark noop-end
if [[ -n $log ]]; then
    sent=$(requests_between noop-start noop-end | requests \
        | grep -vE '^(PROPFIND [^ ]+|GET /status\.php|GET /ocs/v[12]\.php/cloud/(capabilities|user)(\?[^ ]*)?) [0-9]+$' || true)
    if [[ -z $sent ]]; then
        pass "a sync without changes made no transfer"
    else
        fail "a sync without changes sent: $(tr '\n' ';' <<<"$sent" | cut -c1-400)"
    fi
fi

as user DELETE "$folder/Received/$renamed" >/dev/null || true
as user DELETE "$folder" >/dev/null || true
as owner DELETE "$shared" >/dev/null || true
as owner DELETE "$readonly" >/dev/null || true

if (( failures )); then
    echo "$NAME: $failures check(s) failed; nextcloudcmd's logs: $out/$NAME-*.log" >&2
    exit 1
fi
echo "$NAME: passed"
