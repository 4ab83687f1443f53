#!/usr/bin/env bash
# Nextcloud Login Flow v2 against a running Kiste, as a Nextcloud app and a browser would drive it.
#
#   scripts/clients/loginflow.sh BASE_URL USER PASSWORD
#
# BASE_URL is the server root (http://127.0.0.1:PORT). Starts a flow like the desktop client (curl), polls
# (form body: 404 []), takes Chromium headless screenshots of the login page in German and English
# (loginflow-de.png, loginflow-en.png in KISTE_CLIENT_OUT, default target/clients), then plays the browser with
# curl and a cookie jar: the German page, a POST without the CSRF token (403), a wrong password (error shown),
# the right one (303), the grant page, the grant; then polls with the token in the query string (200 with the
# app password, once; then 404), checks that the app password works for a PROPFIND and that the login link is
# spent. KISTE_SERVER_LOG, when set, names the file that receives the server's stdout: no request of the run may
# have got a 5xx there. Needs curl, python3 and chromium; installs nothing. Exits 1 with the reason on failure.
set -euo pipefail

STEP_TIMEOUT=30
SHOT_TIMEOUT=90
CLIENT_NAME="Kiste loginflow test (curl; Nextcloud-compatible)"

fail() {
    echo "loginflow: FAILED: $*" >&2
    exit 1
}
say() { echo "loginflow: $*"; }

if (( $# != 3 )); then
    sed -n '2,13s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
base=${1%/}
user=$2
password=$3
out=${KISTE_CLIENT_OUT:-$(cd "$(dirname "$0")/../.." && pwd)/target/clients}
for tool in curl python3 chromium; do
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' not found on PATH"
done
mkdir -p "$out"

work=$(mktemp -d /tmp/kiste-loginflow.XXXXXX)
trap 'rm -rf "$work"' EXIT
offset=0
[[ -n ${KISTE_SERVER_LOG:-} ]] && offset=$(stat -c %s "$KISTE_SERVER_LOG")

# c ARGS...: curl with a time limit; prints the body to $work/body and the status code to stdout
c() {
    curl -sS --max-time "$STEP_TIMEOUT" -o "$work/body" -w '%{http_code}' "$@"
}
# json FIELD.PATH < body: one string field of a JSON document
json() {
    python3 -c 'import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[k]
print(v)' "$1"
}
csrf_of() {
    sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$work/body" | head -n 1
}

# ---- the app starts a flow and polls ---------------------------------------------------------------------------
status=$(c -X POST -A "$CLIENT_NAME" "$base/index.php/login/v2")
[[ $status == 200 ]] || fail "POST /index.php/login/v2 answered $status: $(cat "$work/body")"
poll_token=$(json poll.token <"$work/body")
endpoint=$(json poll.endpoint <"$work/body")
login_url=$(json login <"$work/body")
(( ${#poll_token} >= 64 )) || fail "the poll token is only ${#poll_token} characters long"
[[ $endpoint == "$base/index.php/login/v2/poll" ]] || fail "poll endpoint '$endpoint' is not under $base"
[[ $login_url == "$base/index.php/login/v2/flow/"* ]] || fail "login URL '$login_url' is not under $base"
say "flow started; the user is sent to $base/index.php/login/v2/flow/…"

status=$(c -X POST --data-urlencode "token=$poll_token" "$endpoint")
[[ $status == 404 && $(cat "$work/body") == "[]" ]] || fail "poll before the login: $status $(cat "$work/body")"
say "poll (form body) before the login: 404 []"

# ---- what the user sees: Chromium headless screenshots ------------------------------------------------------
shot() {
    local lang=$1 file=$out/loginflow-$1.png profile
    profile=$(mktemp -d "$work/chromium.XXXXXX")
    rm -f "$file"
    timeout -k 5 "$SHOT_TIMEOUT" chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
        --lang="$lang" --accept-lang="$lang" --hide-scrollbars --screenshot="$file" --window-size=1000,800 \
        "$login_url?user=$user" >"$work/chromium-$lang.log" 2>&1 \
        || { cat "$work/chromium-$lang.log" >&2; fail "chromium ($lang) did not finish"; }
    [[ -s $file ]] || { cat "$work/chromium-$lang.log" >&2; fail "chromium wrote no screenshot $file"; }
    [[ $(head -c 8 "$file" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$file is not a PNG"
    say "screenshot of the login page ($lang): $file ($(stat -c %s "$file") bytes)"
}
shot de
shot en

# ---- the browser: login page, CSRF, wrong and right password, grant ---------------------------------------------
jar=$work/cookies
de=(-H 'Accept-Language: de-DE,de;q=0.9,en;q=0.5')
status=$(c -b "$jar" -c "$jar" "${de[@]}" "$login_url?user=$user")
[[ $status == 200 ]] || fail "GET login page: $status"
grep -q '<html lang="de">' "$work/body" || fail "the page for Accept-Language de is not German"
grep -q 'Benutzername' "$work/body" || fail "the German page has no 'Benutzername' label"
grep -qF "value=\"$user\"" "$work/body" || fail "?user= did not pre-fill the login field"
grep -qF "Kiste loginflow test (curl; Nextcloud-compatible)" "$work/body" || fail "the page does not name the client"
grep -q 'kiste_login_flow' "$jar" || fail "no session cookie was set"
csrf=$(csrf_of)
[[ -n $csrf ]] || fail "no CSRF field in the login form"
status=$(c -b "$jar" -c "$jar" "$login_url")
grep -q '<html lang="en">' "$work/body" || fail "the page without Accept-Language is not English"
say "login page: German by Accept-Language, English by default, client named, user pre-filled, cookie set"

form_login=$login_url/login
status=$(c -b "$jar" -c "$jar" "${de[@]}" --data-urlencode "user=$user" --data-urlencode "password=$password" "$form_login")
[[ $status == 403 ]] || fail "login POST without the CSRF token answered $status, not 403"
status=$(c -b "$jar" -c "$jar" "${de[@]}" --data-urlencode "csrf=$csrf" --data-urlencode "user=$user" \
    --data-urlencode "password=not-$password" "$form_login")
[[ $status == 200 ]] || fail "wrong password answered $status"
grep -q 'Falscher Benutzername oder falsches Passwort' "$work/body" || fail "no error message for a wrong password"
status=$(c -b "$jar" -c "$jar" "${de[@]}" --data-urlencode "csrf=$csrf" --data-urlencode "user=$user" \
    --data-urlencode "password=$password" "$form_login")
[[ $status == 303 ]] || fail "right password answered $status, not 303: $(cat "$work/body")"
say "login form: no CSRF token 403, wrong password shown again with an error, right password 303"

status=$(c -b "$jar" -c "$jar" "${de[@]}" "$login_url")
[[ $status == 200 ]] && grep -q 'Zugriff erlauben?' "$work/body" || fail "no grant page after the login ($status)"
csrf=$(csrf_of)
status=$(c -b "$jar" -c "$jar" "${de[@]}" --data-urlencode "csrf=$csrf" "$login_url/grant")
[[ $status == 200 ]] && grep -q 'Konto verbunden' "$work/body" || fail "grant answered $status: $(cat "$work/body")"
say "access granted"

# ---- the app's next poll gets the app password, once ---------------------------------------------------------
status=$(c -X POST "$endpoint?token=$poll_token")
[[ $status == 200 ]] || fail "poll after the grant answered $status"
app_password=$(json appPassword <"$work/body")
[[ $(json loginName <"$work/body") == "$user" ]] || fail "loginName is not $user: $(cat "$work/body")"
[[ $(json server <"$work/body") == "$base" ]] || fail "server is not $base: $(cat "$work/body")"
[[ $app_password =~ ^[A-Za-z0-9]{72}$ ]] || fail "the app password does not look like one"
status=$(c -X POST "$endpoint?token=$poll_token")
[[ $status == 404 ]] || fail "a second poll answered $status, not 404"
say "poll (query string): 200 with login name and a 72-character app password, then 404"

status=$(c -u "$user:$app_password" -X PROPFIND -H 'Depth: 0' "$base/remote.php/dav/files/$user/")
[[ $status == 207 ]] || fail "PROPFIND with the app password answered $status"
status=$(c -b "$jar" -c "$jar" "$login_url")
[[ $status == 403 || $status == 404 ]] || fail "the spent login link answered $status"
say "the app password opens the WebDAV tree; the login link is spent ($status)"

if [[ -n ${KISTE_SERVER_LOG:-} ]]; then
    sleep 1  # the server writes its access log from a queue
    errors=$(tail -c +$((offset + 1)) "$KISTE_SERVER_LOG" | grep -E 'kiste\.access .*" 5[0-9][0-9] ' || true)
    [[ -z $errors ]] || fail "the server answered with 5xx: $errors"
fi
say "passed"
