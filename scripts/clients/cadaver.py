#!/usr/bin/env python3
"""cadaver (neon) against a running Kiste: one scripted session, every step's answer checked.

    scripts/clients/cadaver.py BASE_URL USER PASSWORD

BASE_URL is the server root (http://127.0.0.1:PORT). KISTE_SERVER_LOG, when set, names the file that
receives the server's stdout; its kiste.access lines must then show LOCK, PUT and UNLOCK of the edited file.
Needs cadaver; installs nothing. Credentials come from a .netrc in a temporary HOME.

The session (commands on stdin, in a folder of its own): mkcol, put, lock, discover, put while locked (cadaver
sends the token itself), unlock, discover, propset, propget, edit (cadaver locks, downloads, runs $EDITOR,
uploads with the token, unlocks; the editor is this script, which checks from outside that the server shows
the lock and refuses a PUT without the token with 423, then appends a marker), mkcol, move, copy, get,
ls, delete, rmcol. Afterwards the downloaded bytes are compared with what was put.
Exits 0 when all passed, 1 with the reasons on stderr otherwise.
"""
import base64
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

SESSION_TIMEOUT = 120
HTTP_TIMEOUT = 30
LOG_WAIT = 10
EDITOR_FLAG = "KISTE_CADAVER_EDITOR"  # set: this script runs as cadaver's $EDITOR


def log(msg):
    print(f"cadaver: {msg}", flush=True)


def http(method, url, auth, body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method)
    req.add_header("Authorization", auth)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def as_editor(path):
    """Runs while cadaver holds the lock on the file it edits: check that from outside, then change the file."""
    url, auth, marker = os.environ["KISTE_CADAVER_URL"], os.environ["KISTE_CADAVER_AUTH"], os.environ["KISTE_CADAVER_MARKER"]
    body = b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:lockdiscovery/></d:prop></d:propfind>'
    status, data = http("PROPFIND", url, auth, body, {"Depth": "0", "Content-Type": "application/xml"})
    problems = []
    if status != 207 or not re.search(rb"opaquelocktoken:", data):
        problems.append(f"during edit the server shows no lock on the file (PROPFIND {status})")
    status, _ = http("PUT", url, auth, b"sneaked in", {"Content-Type": "text/plain"})
    if status != 423:
        problems.append(f"during edit a PUT without the lock token answered {status}, expected 423")
    with open(path, "ab") as f:
        f.write(marker.encode())
    later = time.time() + 5  # cadaver uploads only when the mtime (in seconds) changed
    os.utime(path, (later, later))
    if problems:
        with open(os.environ["KISTE_CADAVER_EDITOR_LOG"], "a") as f:
            f.write("\n".join(problems) + "\n")
    return 0


# ---- the session -------------------------------------------------------------------------------------------

# command, what its output must match; None: checked separately
def session(folder, work):
    a, b, out = (os.path.join(work, n) for n in ("a.bin", "b.txt", "out.txt"))
    return [
        (f"mkcol {folder}", r"Creating `[^']*': succeeded\."),
        (f"cd {folder}", r"^$"),
        (f"put {a} c.txt", r"Uploading .* succeeded\."),
        ("lock c.txt", r"Locking `c.txt': succeeded\."),
        ("discover c.txt", r"Lock token <opaquelocktoken:[^>]+>:.*Scope: exclusive\s+Type: write"),
        (f"put {b} c.txt", r"Uploading .* succeeded\."),
        ("unlock c.txt", r"Unlocking `c.txt': succeeded\."),
        ("discover c.txt", r"no locks found"),
        ("propset c.txt colour blue", r"Setting property on `c.txt': succeeded\."),
        ("propget c.txt colour", r"Value of colour is: blue"),
        ("edit c.txt", r"Locking `c.txt': succeeded\..*Running editor.*Uploading changes .* succeeded\..*"
                       r"Unlocking `c.txt': succeeded\."),
        ("mkcol sub", r"Creating `sub': succeeded\."),
        ("move c.txt sub/d.txt", r"Moving .* succeeded\."),
        ("copy sub/d.txt e.txt", r"Copying .* succeeded\."),
        (f"get sub/d.txt {out}", r"Downloading .* succeeded\."),
        ("propget sub/d.txt colour", r"Value of colour is: blue"),
        ("ls", r"Listing collection .*: succeeded\..*\bsub\b.*\be\.txt\b"),
        ("delete e.txt", r"Deleting `e.txt': succeeded\."),
        ("delete sub/d.txt", r"Deleting `sub/d.txt': succeeded\."),
        ("rmcol sub", r"Deleting collection `sub': succeeded\."),
        ("cd ..", r"^$"),
        (f"rmcol {folder}", r"Deleting collection `[^']*': succeeded\."),
    ]


def split_output(text, commands):
    """The output of each command: cadaver echoes 'dav:/path/> command' before it runs one."""
    chunks = re.split(r"^dav:/[^\n]*?> ", text, flags=re.M)
    outputs = {}
    for chunk in chunks[1:]:
        line, _, rest = chunk.partition("\n")
        outputs.setdefault(line.strip(), []).append(rest.strip())
    return [(cmd, outputs.get(cmd, [None]).pop(0) if outputs.get(cmd) else None) for cmd in commands]


ACCESS = re.compile(r'kiste\.access - \S+ - "(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) ')


def check_access_log(logfile, offset, path):
    deadline = time.monotonic() + LOG_WAIT
    while True:
        with open(logfile, "rb") as f:
            f.seek(offset)
            lines = f.read().decode("utf-8", "replace").splitlines()
        seq = [(m["method"], int(m["status"])) for m in map(ACCESS.search, lines)
               if m and urllib.parse.unquote(m["path"]) == path and m["method"] in ("LOCK", "PUT", "UNLOCK")]
        if sum(1 for m, _ in seq if m == "UNLOCK") >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    text = " ".join(f"{m}({s})" for m, s in seq)
    # put, lock, put, unlock; edit: lock, (our 423), put, unlock
    want = re.compile(r"^PUT\(201\) LOCK\(200\) PUT\(20[14]\) UNLOCK\(204\) LOCK\(200\) PUT\(423\) PUT\(20[14]\) UNLOCK\(204\)$")
    if not want.match(text):
        raise Failed(f"server log for {path}: expected PUT LOCK PUT UNLOCK LOCK PUT(423, ours) PUT UNLOCK, saw: {text}")
    return text


class Failed(Exception):
    pass


def main():
    if os.environ.get(EDITOR_FLAG) and len(sys.argv) == 2:
        return as_editor(sys.argv[1])
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    base, user, password = sys.argv[1:4]
    cadaver = shutil.which("cadaver")
    if not cadaver:
        sys.exit("cadaver: not found on PATH (apt-get install cadaver)")
    logfile = os.environ.get("KISTE_SERVER_LOG") or None
    split = urllib.parse.urlsplit(base)
    dav = f"/remote.php/dav/files/{urllib.parse.quote(user)}/"
    folder = "cadaver-" + uuid.uuid4().hex[:8]
    auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    marker = "\nedited by cadaver's editor " + uuid.uuid4().hex + "\n"

    work = tempfile.mkdtemp(prefix="kiste-cadaver-")
    failures = []
    try:
        home = os.path.join(work, "home")
        os.mkdir(home)
        with open(os.path.join(home, ".netrc"), "w") as f:
            f.write(f"machine {split.hostname}\nlogin {user}\npassword {password}\n")
        os.chmod(os.path.join(home, ".netrc"), 0o600)
        a_bytes = os.urandom(70_000) + bytes(range(256))
        b_bytes = "second version, äöü €\n".encode() * 50
        with open(os.path.join(work, "a.bin"), "wb") as f:
            f.write(a_bytes)
        with open(os.path.join(work, "b.txt"), "wb") as f:
            f.write(b_bytes)
        editor_log = os.path.join(work, "editor.log")

        steps = session(folder, work)
        script = "".join(cmd + "\n" for cmd, _ in steps) + "quit\n"
        editor = f"{shlex.quote(sys.executable)} {shlex.quote(os.path.abspath(__file__))}"  # cadaver runs it via sh
        env = dict(os.environ, HOME=home, EDITOR=editor, VISUAL=editor,
                   **{EDITOR_FLAG: "1", "KISTE_CADAVER_URL": f"{base.rstrip('/')}{dav}{folder}/c.txt",
                      "KISTE_CADAVER_AUTH": auth, "KISTE_CADAVER_MARKER": marker,
                      "KISTE_CADAVER_EDITOR_LOG": editor_log})
        offset = os.path.getsize(logfile) if logfile else 0
        t0 = time.monotonic()
        try:
            proc = subprocess.run([cadaver, f"{base.rstrip('/')}{dav}"], input=script.encode(), env=env, cwd=work,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=SESSION_TIMEOUT)
        except subprocess.TimeoutExpired as e:
            raise Failed(f"the session did not end within {SESSION_TIMEOUT} s; output so far:\n"
                         f"{(e.output or b'').decode('utf-8', 'replace')}")
        output = proc.stdout.decode("utf-8", "replace")
        log(f"session done in {time.monotonic() - t0:.1f} s (exit {proc.returncode})")
        if os.environ.get("KISTE_CLIENT_VERBOSE"):
            print(output)

        opening = re.split(r"^dav:/", output, maxsplit=1, flags=re.M)[0]
        if re.search(r"Could not access|Authentication required|Could not authenticate", opening):
            raise Failed(f"cadaver could not open {base.rstrip('/')}{dav}: {' '.join(opening.split())}")
        for (cmd, pattern), (_, out) in zip(steps, split_output(output, [c for c, _ in steps])):
            if out is None:
                failures.append(f"`{cmd}`: no output (the session ended early?)")
            elif re.search(r"\bfailed\b|\bcould not\b|\bunknown command\b", out, re.I):
                failures.append(f"`{cmd}`: {out}")
            elif not re.search(pattern, out, re.S | re.M):
                failures.append(f"`{cmd}`: unexpected answer: {out!r}")
            else:
                log(f"ok: {cmd}")
        if proc.returncode != 0:
            failures.append(f"cadaver exited with {proc.returncode}")
        if os.path.exists(editor_log):
            failures += ["edit: " + line for line in open(editor_log).read().splitlines()]

        out_path = os.path.join(work, "out.txt")
        got = open(out_path, "rb").read() if os.path.exists(out_path) else None
        if got != b_bytes + marker.encode():
            failures.append(f"get: the downloaded file ({None if got is None else len(got)} bytes) is not what was "
                            f"put and edited ({len(b_bytes) + len(marker.encode())} bytes)")
        else:
            log("downloaded bytes equal the uploaded and edited ones")
        if logfile:
            try:
                log("server log: " + check_access_log(logfile, offset, f"{dav}{folder}/c.txt"))
            except Failed as e:
                failures.append(str(e))
        status, _ = http("PROPFIND", f"{base.rstrip('/')}{dav}{folder}/", auth, None, {"Depth": "0"})
        if status != 404:
            failures.append(f"after the session the folder should be gone; PROPFIND answered {status}")
            http("DELETE", f"{base.rstrip('/')}{dav}{folder}/", auth)
    except Failed as e:
        failures.append(str(e))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        for f in failures:
            print(f"cadaver: FAILED: {f}", file=sys.stderr)
        return 1
    log("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
