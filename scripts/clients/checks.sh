# PASS/FAIL lines for client scripts that go on after a failed check and count them. Source it after setting NAME;
# at the end, "failures" tells how many checks failed.

failures=0
pass() { echo "$NAME: PASS: $*"; }
fail() {
    echo "$NAME: FAIL: $*" >&2
    failures=$((failures + 1))
}
# die MESSAGE: a failure after which nothing else can be checked
die() {
    echo "$NAME: FAIL: $*" >&2
    echo "$NAME: stopped after $((failures + 1)) failure(s)" >&2
    exit 1
}
