#!/usr/bin/env bash
# The Nextcloud desktop sync engine (nextcloudcmd, Debian's nextcloud-desktop-cmd) against a running Kiste.
#
#   scripts/clients/nextcloudcmd.sh BASE_URL USER PASSWORD
#
# BASE_URL is the server root (http://127.0.0.1:PORT). Syncs a server folder of its own (--path) with two
# local folders, in a HOME of its own (first: a wrong password must fail without writing anything):
#   1. first sync up of a tree of 1,000+ files in nested folders (names in several scripts and with spaces,
#      &, #, %), an empty file, an empty folder and a 40 MiB file, which must go up as a chunked upload
#      (MKCOL, chunk PUTs and MOVE .file under /remote.php/dav/uploads/USER/); the small files must go up by
#      bulk upload (POST /remote.php/dav/bulk) when the server offers it to this client (not to nextcloudcmd
#      before 3.9 by default, see bulk.offer), by PUT otherwise;
#   2. first sync down into an empty folder: byte-identical tree, same modification times;
#   3. an edit on the server three levels deep, a local rename of a file and of a folder of 50 files (each must
#      be one MOVE keeping oc:fileid), a rename on the server (renamed locally, no download), a local delete, a
#      delete on the server, and a file edited on both sides (the local one must become a "conflicted copy",
#      the server's content must win the name); then both folders are synced and compared;
#   4. a sync without changes must transfer nothing (only status.php, capabilities, user and PROPFIND).
# KISTE_SERVER_LOG names the file that receives the server's stdout (its access log); the request-level checks
# need it. KISTE_CLIENT_OUT, when set, is a directory that keeps nextcloudcmd's log of every run
# (nextcloudcmd-first-up.log, …). Needs nextcloudcmd, curl and python3; installs nothing. Prints PASS/FAIL
# lines; exits 1 when a check failed.
set -euo pipefail

SYNC_TIMEOUT=${KISTE_NEXTCLOUDCMD_TIMEOUT:-150}     # one nextcloudcmd run
NAME=nextcloudcmd
BIG_BYTES=$((40 * 1024 * 1024))

# shellcheck source=checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

if (( $# != 3 )); then
    sed -n '2,20s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
base=${1%/}
user=$2
password=$3
log=${KISTE_SERVER_LOG:-}
for tool in nextcloudcmd curl python3 sha1sum; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found on PATH (apt-get install nextcloud-desktop-cmd curl python3)"
done
[[ -z $log || -f $log ]] || die "KISTE_SERVER_LOG names '$log', which does not exist"

work=$(mktemp -d /tmp/kiste-nextcloudcmd.XXXXXX)
trap 'rm -rf "$work"' EXIT
out=${KISTE_CLIENT_OUT:-$work}
mkdir -p "$out" "$work/home"
folder="nextcloudcmd-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
dav=$base/remote.php/dav/files/$user
up=$work/up       # the folder that is synced first (uploads)
down=$work/down   # the second folder (starts empty)
mkdir "$up" "$down"

# ---- helpers -------------------------------------------------------------------------------------------------

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# nc_sync NAME DIR: one nextcloudcmd run of DIR against the server folder; its log in $out/nextcloudcmd-NAME.log
nc_sync() {
    local name=$1 dir=$2 rc=0 started=$SECONDS
    HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share \
        XDG_CACHE_HOME=$work/home/.cache \
        timeout -k 10 "$SYNC_TIMEOUT" nextcloudcmd --non-interactive --path "/$folder" -u "$user" -p "$password" \
        "$dir" "$base" >"$out/nextcloudcmd-$name.log" 2>&1 || rc=$?
    last_duration=$((SECONDS - started))
    if (( rc != 0 )); then
        echo "$NAME: nextcloudcmd ($name) exited $rc after $last_duration s; from its log ($out/nextcloudcmd-$name.log):" >&2
        grep -E '\[ (warning|critical|fatal) ' "$out/nextcloudcmd-$name.log" | grep -v 'X-Request-ID' | cut -c1-300 \
            | awk '!seen[substr($0, 20)]++' | tail -n 12 >&2 || true
        tail -n 3 "$out/nextcloudcmd-$name.log" | cut -c1-300 >&2
    fi
    return "$rc"
}

# curl_dav METHOD PATH [curl args…]: a request to the user's files; prints the HTTP status
curl_dav() {
    local method=$1 path=$2
    shift 2
    curl -s -o "$work/curl.out" -w '%{http_code}' --max-time 30 -u "$user:$password" -X "$method" "$@" \
        "$dav/$(enc "$folder/$path")"
}

# fileid PATH: oc:fileid of PATH on the server (empty when there is none)
fileid() {
    curl_dav PROPFIND "$1" -H 'Depth: 0' -H 'Content-Type: application/xml; charset=utf-8' --data-binary \
        '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/></d:prop></d:propfind>' \
        >/dev/null
    grep -oE '<[A-Za-z0-9]+:fileid>[0-9]+<' "$work/curl.out" | grep -oE '[0-9]+' | head -n 1 || true
}

# shellcheck source=access-log.sh
source "$(dirname "${BASH_SOURCE[0]}")/access-log.sh"

# requests: "METHOD path status" of access-log lines on stdin
requests() { sed -nE 's/.*"([A-Z]+) ([^ ]*) HTTP\/[0-9.]+" ([0-9]+) .*/\1 \2 \3/p'; }

# tree_listing DIR: every entry below DIR, one a line: "d path" for folders, "f path sha1 mtime-seconds" for
# files; the client's journal and log files left out
tree_listing() {
    python3 - "$1" <<'PY'
import hashlib, os, sys
root = sys.argv[1]
skip = lambda n: n.startswith((".sync_", "._sync_")) or n == ".nextcloudsync.log"
out = []
for d, dirs, files in os.walk(root):
    for n in dirs:
        out.append("d " + os.path.relpath(os.path.join(d, n), root))
    for n in files:
        if not skip(n):
            p = os.path.join(d, n)
            with open(p, "rb") as f:
                digest = hashlib.sha1(f.read()).hexdigest()
            out.append("f %s %s %d" % (os.path.relpath(p, root), digest, int(os.stat(p).st_mtime)))
print("\n".join(sorted(out)))
PY
}

# ---- the tree ------------------------------------------------------------------------------------------------

# 5 × 4 × 5 leaf folders (three levels) × 10 files, plus the special cases
level1=("Übersicht" "café" "日本" "a b & c" "Projekt 100%")
level2=("Teil #1" "Teil #2" "données" "Ελληνικά")
level3=("tief" "x y" "ñ" "한국어" "z&z")
n=0
for a in "${level1[@]}"; do
    for b in "${level2[@]}"; do
        for c in "${level3[@]}"; do
            d="$up/$a/$b/$c"
            mkdir -p "$d"
            for i in 0 1 2 3 4 5 6 7 8 9; do
                printf -v pad '%*s' $((n % 7 * 100)) ''
                printf 'file %d in %s/%s/%s\n%s\n' "$n" "$a" "$b" "$c" "$pad" >"$d/datei $i.txt"
                n=$((n + 1))
            done
        done
    done
done
printf 'special names\n' >"$up/a b & c/50% & #3 über.txt"
printf 'Grüße\n' >"$up/Übersicht/Grüße café 日本.txt"
: >"$up/leer.txt"
mkdir "$up/leerer Ordner"
mkdir "$up/groß"
head -c "$BIG_BYTES" /dev/urandom >"$up/groß/zufall 40MB.bin"
# the files of step 3
printf 'server edit: before\n' >"$up/Übersicht/Teil #1/tief/server-edit.txt"
printf 'rename me\n' >"$up/café/rename me.txt"
printf 'renamed on the server\n' >"$up/日本/server-rename.txt"
printf 'delete me locally\n' >"$up/日本/local-delete.txt"
printf 'delete me on the server\n' >"$up/a b & c/server-delete.txt"
printf 'conflict: base\n' >"$up/konflikt.txt"
nfiles=$(find "$up" -type f | wc -l)
echo "$NAME: generated $nfiles files in $(find "$up" -mindepth 1 -type d | wc -l) folders, server folder /$folder"

status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -u "$user:$password" -X MKCOL "$dav/$folder")
[[ $status == 201 ]] || die "MKCOL of the server folder /$folder answered $status"

# ---- 0. a wrong password ------------------------------------------------------------------------------------

mkdir "$work/wrong"
printf 'must not arrive\n' >"$work/wrong/wrong.txt"
mark wrong-start
rc=0
HOME=$work/home XDG_CONFIG_HOME=$work/home/.config timeout -k 10 60 nextcloudcmd --non-interactive --path "/$folder" \
    -u "$user" -p "not-$password" "$work/wrong" "$base" >"$out/nextcloudcmd-wrong-password.log" 2>&1 || rc=$?
mark wrong-end
writes=""
[[ -n $log ]] && writes=$(requests_between wrong-start wrong-end | requests | grep -vE '^(GET|PROPFIND) ' || true)
if (( rc != 0 && rc != 124 && rc != 137 )) && [[ -z $writes ]]; then
    pass "a wrong password: nextcloudcmd exits $rc, nothing written"
else
    fail "a wrong password: nextcloudcmd exit $rc, writes '${writes:-none}'"
fi

# ---- 1. first sync up ----------------------------------------------------------------------------------------

mark up-start
nc_sync first-up "$up" || die "first sync up: nextcloudcmd failed"
mark up-end
pass "first sync up of $nfiles files (and a 40 MiB one) in $last_duration s, exit 0"

if [[ -n $log ]]; then
    reqs=$(requests_between up-start up-end | requests)
    puts=$(grep -cE "^PUT /remote\.php/dav/files/$user/$folder/" <<<"$reqs" || true)
    chunk_puts=$(grep -cE "^PUT /remote\.php/dav/uploads/$user/[^/ ]+/[^/ ]+ 201$" <<<"$reqs" || true)
    assembly=$(grep -E "^MOVE /remote\.php/dav/uploads/$user/[^/ ]+/\.file " <<<"$reqs" || true)
    direct_big=$(grep -E "^PUT [^ ]*zufall" <<<"$reqs" || true)
    legacy=$(grep -E -- "-chunking-" <<<"$reqs" | head -n 3 || true)
    if [[ $assembly =~ \ 20[14]$ ]] && (( chunk_puts >= 2 )) && [[ -z $direct_big && -z $legacy ]]; then
        pass "the 40 MiB file went up chunked: $chunk_puts chunk PUTs, then '$assembly'"
    else
        fail "the 40 MiB file did not go up as a chunked upload: chunk PUTs $chunk_puts, assembly '${assembly:-none}', direct PUT '${direct_big:-none}', legacy '${legacy:-none}'"
    fi
    # where the server offers bulk upload (capability dav.bulkupload), the small files go up in POSTs of up to 100;
    # by default (bulk.offer=safe) it is not offered to desktop clients before 3.9, which cannot send an empty file
    # in a bulk upload
    bulks=$(grep -cE "^POST /remote\.php/dav/bulk " <<<"$reqs" || true)
    if grep -q '"bulkupload":"1.0"' "$out/nextcloudcmd-first-up.log"; then
        if (( bulks >= nfiles / 100 && puts < nfiles / 10 )); then
            pass "the small files went up by bulk upload: $bulks POST /remote.php/dav/bulk, $puts single PUTs"
        else
            fail "the small files did not go up by bulk upload: $bulks bulk POSTs, $puts single PUTs"
        fi
    elif (( bulks == 0 )); then
        pass "bulk upload is not offered to this client version: the small files went up as $puts PUTs"
    else
        fail "bulk upload is not offered, yet the client sent $bulks POST /remote.php/dav/bulk"
    fi
    bad=$(grep -vE ' [23][0-9][0-9]$' <<<"$reqs" | sort | uniq -c | sort -rn | head -n 5 || true)
    [[ -z $bad ]] || fail "first sync: requests not answered 2xx/3xx: $bad"
    echo "$NAME: first sync sent $(wc -l <<<"$reqs") requests ($bulks bulk uploads, $puts file PUTs)"
fi
big_size=$(curl_dav PROPFIND "groß/zufall 40MB.bin" -H 'Depth: 0' >/dev/null; grep -oE '<[a-z]+:getcontentlength>[0-9]+' "$work/curl.out" | grep -oE '[0-9]+$' || true)
[[ $big_size == "$BIG_BYTES" ]] || fail "the server lists the 40 MiB file with getcontentlength '$big_size'"

# ---- 2. first sync down into an empty folder -----------------------------------------------------------------

nc_sync first-down "$down" || die "first sync down: nextcloudcmd failed"
pass "first sync down into an empty folder in $last_duration s, exit 0"
tree_listing "$up" >"$work/up.list"
tree_listing "$down" >"$work/down.list"
# without the mtimes: the content; then with them
if cmp -s <(sed -E 's/ [0-9]+$//' "$work/up.list") <(sed -E 's/ [0-9]+$//' "$work/down.list"); then
    pass "the downloaded tree is byte-identical ($(grep -c '^f ' "$work/down.list") files, $(grep -c '^d ' "$work/down.list") folders, empty folder and empty file included)"
    if cmp -s "$work/up.list" "$work/down.list"; then
        pass "the downloaded files have the modification times of the uploaded ones"
    else
        fail "modification times differ (path, sha1, seconds): $(diff "$work/up.list" "$work/down.list" | sed -n '1,6p' | tr '\n' ' ')"
    fi
else
    fail "the downloaded tree differs: $(diff "$work/up.list" "$work/down.list" | sed -n '1,8p' | tr '\n' ' ')"
fi

# ---- 3. changes on both sides --------------------------------------------------------------------------------

rename_id=$(fileid "café/rename me.txt")
folder_id=$(fileid "Projekt 100%/données")
[[ -n $rename_id ]] || fail "PROPFIND shows no oc:fileid for 'café/rename me.txt': $(head -c 300 "$work/curl.out")"

status=$(curl_dav PUT "Übersicht/Teil #1/tief/server-edit.txt" --data-binary 'server edit: after, longer')
[[ $status == 204 ]] || fail "server edit: PUT answered $status"
status=$(curl_dav DELETE "a b & c/server-delete.txt")
[[ $status == 204 ]] || fail "server delete: DELETE answered $status"
status=$(curl_dav PUT "konflikt.txt" --data-binary 'conflict: the server version')
[[ $status == 204 ]] || fail "conflict, server side: PUT answered $status"
status=$(curl_dav MOVE "日本/server-rename.txt" -H "Destination: $dav/$(enc "$folder/日本/server-renamed ü.txt")")
[[ $status == 201 ]] || fail "server rename: MOVE answered $status"
mv "$up/café/rename me.txt" "$up/café/umbenannt ü.txt"
mv "$up/Projekt 100%/données" "$up/Projekt 100%/Daten"
rm "$up/日本/local-delete.txt"
printf 'conflict: the local version, different length\n' >"$up/konflikt.txt"

mark changes-start
nc_sync changes-up "$up" || fail "sync with changes: nextcloudcmd exited non-zero"
mark changes-end

content=$(cat "$up/Übersicht/Teil #1/tief/server-edit.txt" 2>/dev/null || true)
if [[ $content == 'server edit: after, longer' ]]; then
    pass "the server edit three levels down arrived locally"
else
    fail "the server edit did not arrive locally (content: '$content')"
fi

new_id=$(fileid "café/umbenannt ü.txt")
old_status=$(curl_dav PROPFIND "café/rename me.txt" -H 'Depth: 0')
move_req=""
if [[ -n $log ]]; then
    creqs=$(requests_between changes-start changes-end | requests)
    move_req=$(grep -E "^MOVE /remote\.php/dav/files/$user/$folder/caf%C3%A9/rename%20me\.txt " <<<"$creqs" || true)
    renamed_put=$(grep -E "^PUT [^ ]*umbenannt" <<<"$creqs" || true)
fi
if [[ -n $rename_id && $new_id == "$rename_id" && $old_status == 404 ]] \
    && [[ -z $log || ( $move_req =~ \ 201$ && -z $renamed_put ) ]]; then
    pass "the local rename arrived as a MOVE${move_req:+ ($move_req)}; oc:fileid $new_id kept"
else
    fail "local rename: oc:fileid before '$rename_id', after '$new_id', old name PROPFIND $old_status, MOVE '${move_req:-none}', PUT of the new name '${renamed_put:-none}'"
fi

new_folder_id=$(fileid "Projekt 100%/Daten")
old_status=$(curl_dav PROPFIND "Projekt 100%/données" -H 'Depth: 0')
if [[ -n $log ]]; then
    move_req=$(grep -E "^MOVE /remote\.php/dav/files/$user/$folder/Projekt%20100%25/donn%C3%A9es " <<<"$creqs" || true)
    renamed_put=$(grep -E "^(PUT|MKCOL) [^ ]*/Daten" <<<"$creqs" | head -n 3 || true)
fi
if [[ -n $folder_id && $new_folder_id == "$folder_id" && $old_status == 404 ]] \
    && [[ -z $log || ( $move_req =~ \ 201$ && -z $renamed_put ) ]]; then
    pass "the local folder rename (50 files) arrived as one MOVE${move_req:+ ($move_req)}; oc:fileid $new_folder_id kept"
else
    fail "local folder rename: oc:fileid before '$folder_id', after '$new_folder_id', old name PROPFIND $old_status, MOVE '${move_req:-none}', uploads into the new name '${renamed_put:-none}'"
fi

content=$(cat "$up/日本/server-renamed ü.txt" 2>/dev/null || true)
downloaded=""
[[ -n $log ]] && downloaded=$(grep -E "^GET [^ ]*/server-rename" <<<"$creqs" || true)
if [[ $content == 'renamed on the server' && ! -e "$up/日本/server-rename.txt" && -z $downloaded ]]; then
    pass "the server rename was done locally without a download"
else
    fail "server rename: local new name '${content:-missing}', old name $([[ -e "$up/日本/server-rename.txt" ]] && echo still there || echo gone), download '${downloaded:-none}'"
fi

status=$(curl_dav PROPFIND "日本/local-delete.txt" -H 'Depth: 0')
if [[ $status == 404 ]]; then
    pass "the local delete removed the file on the server"
else
    fail "the locally deleted file is still on the server (PROPFIND $status)"
fi

if [[ ! -e "$up/a b & c/server-delete.txt" ]]; then
    pass "the server delete removed the local file"
else
    fail "the file deleted on the server is still in the local folder"
fi

conflict_copies=()
while IFS= read -r -d '' f; do conflict_copies+=("$f"); done \
    < <(find "$up" -maxdepth 1 -name 'konflikt (conflicted copy *).txt' -print0)
content=$(cat "$up/konflikt.txt" 2>/dev/null || true)
server_content=$(curl -s --max-time 30 -u "$user:$password" "$dav/$folder/konflikt.txt" || true)
if (( ${#conflict_copies[@]} == 1 )) \
    && [[ $(cat "${conflict_copies[0]}") == 'conflict: the local version, different length' ]] \
    && [[ $content == 'conflict: the server version' && $server_content == 'conflict: the server version' ]]; then
    pass "the conflict left '$(basename "${conflict_copies[0]}")' with the local content and the server's content under the name"
else
    fail "conflict: ${#conflict_copies[@]} conflicted copies ($(ls "$up" | grep -i conflict | tr '\n' ',')), local konflikt.txt '$content', server '$server_content'"
fi

nc_sync changes-down "$down" || fail "sync of the second folder after the changes: nextcloudcmd exited non-zero"
tree_listing "$up" | grep -v 'conflicted copy' | sed -E 's/ [0-9]+$//' >"$work/up.list"
tree_listing "$down" | sed -E 's/ [0-9]+$//' >"$work/down.list"
if cmp -s "$work/up.list" "$work/down.list"; then
    pass "after the changes both folders are equal (the conflicted copy stays local, as the client intends)"
else
    fail "after the changes the folders differ: $(diff "$work/up.list" "$work/down.list" | sed -n '1,8p' | tr '\n' ' ')"
fi

# ---- 4. a sync without changes -------------------------------------------------------------------------------

# the first folder once more, so that it has seen the state the second folder's sync left (none, if all is well)
nc_sync settle "$up" || fail "sync of the first folder after the second: nextcloudcmd exited non-zero"
mark noop-start
nc_sync no-change "$up" || fail "sync without changes: nextcloudcmd exited non-zero"
mark noop-end
if [[ -n $log ]]; then
    nreqs=$(requests_between noop-start noop-end | requests)
    transfers=$(grep -vE '^(PROPFIND [^ ]+|GET /status\.php|GET /ocs/v[12]\.php/cloud/(capabilities|user)(\?[^ ]*)?) [0-9]+$' <<<"$nreqs" || true)
    if [[ -z $transfers ]]; then
        pass "a sync without changes made no transfer ($(wc -l <<<"$nreqs") requests: $(cut -d' ' -f1 <<<"$nreqs" | sort | uniq -c | tr -s ' ' | tr '\n' ',' | sed 's/,$//'))"
    else
        fail "a sync without changes sent: $(tr '\n' ';' <<<"$transfers" | cut -c1-600)"
    fi
    mark end
    errors=$(requests_between up-start end | requests | grep -E ' 5[0-9][0-9]$' || true)
    if [[ -z $errors ]]; then
        pass "no 5xx answer in the access log"
    else
        fail "the server answered 5xx: $(sort <<<"$errors" | uniq -c | sort -rn | head -n 5 | tr '\n' ';')"
    fi
else
    pass "a sync without changes exited 0 (no KISTE_SERVER_LOG: requests not checked)"
fi

status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -u "$user:$password" -X DELETE "$dav/$folder")
[[ $status == 204 ]] || echo "$NAME: note: DELETE of the server folder answered $status"

if (( failures )); then
    echo "$NAME: $failures check(s) failed; nextcloudcmd's logs: $out/nextcloudcmd-*.log" >&2
    exit 1
fi
echo "$NAME: passed"
