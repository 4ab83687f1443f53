# Shared by scripts/run, scripts/kiste and scripts/test (sourced, not run): repository root, UTF-8 locale,
# tool checks, and building target/kiste.jar when the sources are newer.

KISTE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$KISTE_ROOT"

# Java derives the encoding of file names (sun.jnu.encoding) from the locale; under C/POSIX a file called
# "Müll.txt" could not be stored or served.
kiste_utf8_locale() {
    case "${LANG:-}" in
        "" | C | POSIX) export LANG=C.UTF-8 ;;
    esac
    case "${LC_ALL:-}" in
        C | POSIX) export LC_ALL=C.UTF-8 ;;
    esac
    case "${LC_CTYPE:-}" in
        C | POSIX) export LC_CTYPE=C.UTF-8 ;;
    esac
}

# kiste_require TOOL HINT: exit with a clear message when TOOL is not on PATH.
kiste_require() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "kiste: '$1' not found on PATH; $2" >&2
        exit 1
    fi
}

kiste_require_java() {
    kiste_require java "install a Java 17 (or newer) runtime, e.g. apt-get install openjdk-17-jre-headless"
}

# True when target/kiste.jar (or its runtime libraries) is missing or older than pom.xml or any file in src/.
kiste_needs_build() {
    local jar=target/kiste.jar
    [[ ! -f $jar || ! -d target/lib ]] && return 0
    [[ -n "$(find src pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]]
}

# Builds quietly; Maven's output goes to stderr so that the stdout of the admin CLI stays clean.
# KISTE_NO_BUILD=1 uses the jar as it is.
kiste_build_if_needed() {
    if [[ ${KISTE_NO_BUILD:-} == 1 ]]; then
        [[ -f target/kiste.jar ]] || { echo "kiste: target/kiste.jar is missing (KISTE_NO_BUILD=1)" >&2; exit 1; }
        return 0
    fi
    if kiste_needs_build; then
        kiste_require mvn "install Maven 3.6 or newer, e.g. apt-get install maven"
        echo "kiste: building target/kiste.jar ..." >&2
        mvn -q -B -Dstyle.color=never -DskipTests package >&2
    fi
}

KISTE_JAVA_FLAGS=(-Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8)
