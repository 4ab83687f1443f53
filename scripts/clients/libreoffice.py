#!/usr/bin/env python3
"""LibreOffice against a running Kiste: open a document by URL, edit it, save it in place, close it.

    scripts/clients/libreoffice.py BASE_URL USER PASSWORD

BASE_URL is the server root (http://127.0.0.1:PORT). KISTE_SERVER_LOG, when set, names the file that
receives the server's stdout; the kiste.access lines in it must then show LOCK, PUT and UNLOCK of each
document. Needs soffice (libreoffice-writer) and the Python-UNO bridge (python3-uno); installs nothing.

Two runs, each on its own copy of a small .odt made here by LibreOffice itself:
  1. vnd.sun.star.webdav://HOST:PORT/remote.php/dav/files/USER/...   (the UCB WebDAV scheme)
  2. http://HOST:PORT/dav/...                                          (plain http, short mount)
Each run: load with a UNO interaction handler that answers the 401 challenge (LibreOffice rejects
user:password in the URL), check that it opened read-write and that the server shows its exclusive write
lock, check that a PUT without the lock token is refused with 423, insert a unique marker, store(),
close(), then check that the lock is gone, GET the file and find the marker in its content.xml, and find
the seeded document among the file's versions (/remote.php/dav/versions/USER/versions/FILEID).
Exits 0 when all passed, 1 with the reasons on stderr otherwise. Every wait is bounded.
"""
import base64
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile

# python3-uno lives in the system interpreter; a python3 from pyenv/venv first on PATH has no uno module.
try:
    import uno
    import unohelper
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") \
            and not os.environ.get("KISTE_LO_REEXEC"):
        os.environ["KISTE_LO_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("libreoffice: the Python-UNO bridge is missing (apt-get install python3-uno)")

from com.sun.star.beans import PropertyValue
from com.sun.star.task import XInteractionHandler
from com.sun.star.connection import NoConnectException

DEADLINE = 200          # the whole script
START_TIMEOUT = 90      # soffice up and answering on the pipe (first start creates the profile)
LOCK_WAIT = 20          # the server shows (or stops showing) the lock
REFRESH_WAIT = 60       # LibreOffice refreshes a 40 s lock well before it expires
LOG_WAIT = 10           # the access-log lines arrive (the server queues them)
HTTP_TIMEOUT = 30       # one request of ours
MAX_AUTH_REQUESTS = 20  # a wrong password would otherwise make LibreOffice ask forever


def log(msg):
    print(f"libreoffice: {msg}", flush=True)


class Failed(Exception):
    pass


# ---- HTTP from our side ------------------------------------------------------------------------------------

class Http:
    def __init__(self, base, user, password):
        self.base = base.rstrip("/")
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def request(self, method, path, body=None, headers=None):
        req = urllib.request.Request(self.base + path, data=body, method=method)
        req.add_header("Authorization", self.auth)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def versions(self, path, user):
        """The contents of the file's versions (the versions API, Depth 1; the collection itself left out)."""
        req = urllib.request.Request(self.base + path, method="HEAD")
        req.add_header("Authorization", self.auth)
        with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as resp:
            file_id = int(resp.headers["OC-FileId"].split("oc")[0])
        url = f"/remote.php/dav/versions/{urllib.parse.quote(user)}/versions/{file_id}/"
        status, data = self.request("PROPFIND", url, None, {"Depth": "1"})
        if status != 207:
            raise Failed(f"PROPFIND {url} answered {status}")
        hrefs = re.findall(r"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>", data.decode("utf-8", "replace"))
        contents = []
        for href in hrefs[1:]:
            status, body = self.request("GET", urllib.parse.urlsplit(href).path)
            if status != 200:
                raise Failed(f"GET {href} answered {status}")
            contents.append(body)
        return contents

    def lockdiscovery(self, path):
        """The lock tokens the server reports on path (empty list: no lock)."""
        body = b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:lockdiscovery/></d:prop></d:propfind>'
        status, data = self.request("PROPFIND", path, body, {"Depth": "0", "Content-Type": "application/xml"})
        if status != 207:
            raise Failed(f"PROPFIND lockdiscovery {path} answered {status}")
        text = data.decode("utf-8", "replace")
        locks = re.findall(r"<(?:\w+:)?activelock\b.*?</(?:\w+:)?activelock>", text, re.S)
        tokens = []
        for lock in locks:
            if not re.search(r"<(?:\w+:)?exclusive\s*/>", lock) or not re.search(r"<(?:\w+:)?write\s*/>", lock):
                raise Failed(f"the lock on {path} is not an exclusive write lock: {lock}")
            tokens += re.findall(r"opaquelocktoken:[^<\s]+|urn:uuid:[^<\s]+", lock)
        return tokens


# ---- credentials for LibreOffice ---------------------------------------------------------------------------

class Credentials(unohelper.Base, XInteractionHandler):
    """Answers LibreOffice's authentication request; every other request is answered with 'abort'."""

    def __init__(self, user, password):
        self.user = user
        self.password = password
        self.auth_requests = 0
        self.other_requests = []

    def handle(self, request):
        # The request is told apart by its continuations only: request.getRequest() hands over a UNO exception
        # (AuthenticationRequest), which the python3-uno of Debian 12 (LibreOffice 7.4, Python 3.11) cannot turn
        # into a Python exception ("AttributeError: args"); an error escaping handle() aborts the load, and
        # LibreOffice then reports only "type detection failed".
        conts = request.getContinuations()
        supply = next((c for c in conts if supports(c, "com.sun.star.ucb.XInteractionSupplyAuthentication")), None)
        if supply is not None and self.auth_requests < MAX_AUTH_REQUESTS:
            self.auth_requests += 1
            if supply.canSetUserName():
                supply.setUserName(self.user)
            if supply.canSetPassword():
                supply.setPassword(self.password)
            supply.select()
            return
        self.other_requests.append(describe(request))
        abort = next((c for c in conts if supports(c, "com.sun.star.task.XInteractionAbort")), None)
        if abort is not None:
            abort.select()


def describe(request):
    """What a request is about, as far as python3-uno can tell (see Credentials.handle)."""
    try:
        req = request.getRequest()
        return f"{type(req).__name__}: {getattr(req, 'Message', '')}"
    except Exception as e:  # pyuno raises SystemError here
        names = []
        for c in request.getContinuations():
            try:
                names.append("/".join(t.typeName.rsplit(".", 1)[-1] for t in c.getTypes()
                                      if t.typeName.startswith("com.sun.star.task.XInteraction")
                                      or t.typeName.startswith("com.sun.star.ucb.XInteraction")))
            except Exception:
                names.append("?")
        return f"a request python3-uno cannot show ({type(e).__name__}), continuations: {', '.join(names)}"


def supports(obj, interface):
    try:
        return obj.queryInterface(uno.getTypeByName(interface)) is not None
    except Exception:
        return False


def props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name = k
        p.Value = v
        out.append(p)
    return tuple(out)


# ---- soffice -----------------------------------------------------------------------------------------------

class Office:
    def __init__(self, workdir):
        self.workdir = workdir
        self.pipe = "kiste_lo_" + uuid.uuid4().hex[:12]
        self.profile = os.path.join(workdir, "profile")
        self.proc = None
        self.desktop = None

    def start(self):
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            raise Failed("soffice not found on PATH (apt-get install libreoffice-writer)")
        cmd = [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"-env:UserInstallation=file://{self.profile}",
               f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"]
        # soffice stays in our process group, so that a `timeout` around this script reaches it too
        self.proc = subprocess.Popen(cmd, stdout=open(os.path.join(self.workdir, "soffice.log"), "wb"),
                                     stderr=subprocess.STDOUT)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if self.proc.poll() is not None:
                    raise Failed(f"soffice exited with {self.proc.returncode} before it accepted connections; "
                                 f"its output: {self.output()}")
                if time.monotonic() > deadline:
                    raise Failed(f"soffice did not accept a connection within {START_TIMEOUT} s")
                time.sleep(0.5)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def output(self):
        try:
            with open(os.path.join(self.workdir, "soffice.log"), "rb") as f:
                return f.read()[-2000:].decode("utf-8", "replace").strip() or "(none)"
        except OSError:
            return "(none)"

    def stop(self):
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass  # the bridge goes away while terminate() returns
            self.desktop = None
        if self.proc is None:
            return
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            log(f"soffice (pid {self.proc.pid}) did not exit within 20 s; killing it")
            self.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def kill(self):
        """SIGKILL to the soffice we started (oosplash) and its descendants (soffice.bin), by pid."""
        if self.proc is None:
            return
        for pid in [self.proc.pid] + descendants(self.proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def make_odt(office, workdir, text):
    """A one-paragraph Writer document, written by LibreOffice (filter writer8) to a local .odt."""
    doc = office.desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0, props(Hidden=True))
    try:
        doc.getText().setString(text)
        path = os.path.join(workdir, "seed.odt")
        doc.storeToURL(uno.systemPathToFileUrl(path), props(FilterName="writer8"))
    finally:
        doc.close(True)
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"PK"):
        raise Failed("LibreOffice did not write an .odt (no zip header)")
    return data


def content_xml(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("content.xml").decode("utf-8")


# ---- the server's access log -------------------------------------------------------------------------------

ACCESS = re.compile(r'kiste\.access - \S+ - "(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) ')


def access_lines(logfile, offset):
    with open(logfile, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    return [m.groupdict() for m in map(ACCESS.search, text.splitlines()) if m]


def check_access_log(logfile, offset, path):
    """LOCK (200/201), then PUT (2xx), then UNLOCK (204) of path, in this order, after offset. The access log
    names no client: our own requests are in it too (the seeding PUT before the LOCK, the PUT without the token
    that must get 423, PROPFINDs and the final GET), but LOCK, UNLOCK and a successful PUT after the LOCK come
    from LibreOffice only."""
    deadline = time.monotonic() + LOG_WAIT
    while True:
        mine = [(l["method"], int(l["status"])) for l in access_lines(logfile, offset)
                if urllib.parse.unquote(l["path"]) == path]
        if any(m == "UNLOCK" for m, _ in mine) or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    seq = " ".join(f"{m}({s})" for m, s in mine if m in ("LOCK", "PUT", "UNLOCK"))
    lock = next((i for i, (m, s) in enumerate(mine) if m == "LOCK" and s in (200, 201)), None)
    put = next((i for i, (m, s) in enumerate(mine) if m == "PUT" and 200 <= s < 300 and lock is not None and i > lock),
               None)
    unlock = next((i for i, (m, s) in enumerate(mine) if m == "UNLOCK" and s == 204 and put is not None and i > put),
                  None)
    if lock is None or put is None or unlock is None:
        raise Failed(f"server log for {path}: expected LOCK(200) ... PUT(2xx) ... UNLOCK(204), saw: {seq or 'nothing'}")
    bad = [f"{m}({s})" for m, s in mine if s >= 400 and s != 401 and not (m == "PUT" and s == 423)]
    if bad:
        raise Failed(f"server log for {path}: error answers: {' '.join(bad)} "
                     f"(all: {' '.join(f'{m}({s})' for m, s in mine)})")
    return seq


# ---- one run -----------------------------------------------------------------------------------------------

def run(office, http, seed, user, password, doc_url, path, logfile, first):
    """Open doc_url (the server path is path), edit, store, close; check everything from the server side."""
    offset = os.path.getsize(logfile) if logfile else 0
    status, _ = http.request("PUT", path, seed, {"Content-Type": "application/vnd.oasis.opendocument.text"})
    if status not in (201, 204):
        raise Failed(f"seeding PUT {path} answered {status}")

    creds = Credentials(user, password)
    t0 = time.monotonic()
    doc = office.desktop.loadComponentFromURL(
        doc_url, "_blank", 0, props(Hidden=True, InteractionHandler=creds, AuthenticationHandler=creds))
    if doc is None:
        raise Failed(f"loadComponentFromURL({doc_url}) returned nothing "
                     f"(auth requests: {creds.auth_requests}, other requests: {creds.other_requests})")
    closed = False
    try:
        log(f"  opened in {time.monotonic() - t0:.1f} s ({creds.auth_requests} credential requests)")
        if first and creds.auth_requests == 0:
            raise Failed("LibreOffice never asked for credentials: the server did not challenge it")
        if doc.isReadonly():
            raise Failed(f"LibreOffice opened {doc_url} read-only (requests it got: {creds.other_requests})")

        tokens = wait_for(lambda: http.lockdiscovery(path), bool, LOCK_WAIT)
        if len(tokens) != 1:
            raise Failed(f"while the document is open the server should show one lock on {path}, shows {tokens}")
        log(f"  server shows LibreOffice's lock {tokens[0]}")

        status, _ = http.request("PUT", path, b"not the document", {"Content-Type": "text/plain"})
        if status != 423:
            raise Failed(f"PUT without the lock token while LibreOffice holds the lock answered {status}, expected 423")

        if logfile and first:
            # the server grants short locks here (scripts/test sets KISTE_DAV_LOCK_MAX_TIMEOUT=40), so LibreOffice
            # must refresh its lock while the document stays open: a second LOCK answered 200 for this path
            refreshed = wait_for(lambda: sum(1 for l in access_lines(logfile, offset)
                                             if l["method"] == "LOCK" and l["status"] == "200"
                                             and urllib.parse.unquote(l["path"]) == path), lambda n: n >= 2,
                                 REFRESH_WAIT)
            locks_taken = [l for l in access_lines(logfile, offset)
                           if l["method"] == "LOCK" and urllib.parse.unquote(l["path"]) == path]
            if len(locks_taken) < 2:
                raise Failed(f"LibreOffice did not refresh its lock on {path} within {REFRESH_WAIT} s "
                             f"(LOCK requests seen: {len(locks_taken)})")
            if http.lockdiscovery(path) != tokens:
                raise Failed(f"the lock on {path} changed across the refresh")
            log(f"  LibreOffice refreshed its lock ({len(locks_taken)} LOCK requests, {refreshed} answered 200)")

        marker = "kiste-marker-" + uuid.uuid4().hex
        text = doc.getText()
        text.insertString(text.getEnd(), " " + marker, False)
        doc.store()
        log("  stored")
        if http.lockdiscovery(path) != tokens:
            raise Failed(f"the lock on {path} changed across store(): {tokens} -> {http.lockdiscovery(path)}")
        doc.close(True)
        closed = True
        left = wait_for(lambda: http.lockdiscovery(path), lambda t: not t, LOCK_WAIT)
        if left:
            raise Failed(f"after close() the server still shows a lock on {path}: {left}")
        log("  closed, lock released")
    finally:
        if not closed:
            try:
                doc.close(True)
            except Exception:
                pass
    if creds.other_requests:
        raise Failed(f"LibreOffice asked questions besides credentials: {creds.other_requests}")

    status, data = http.request("GET", path)
    if status != 200:
        raise Failed(f"GET {path} answered {status}")
    try:
        xml = content_xml(data)
    except (zipfile.BadZipFile, KeyError) as e:
        raise Failed(f"GET {path}: not an .odt any more ({e}; {len(data)} bytes)")
    if marker not in xml:
        raise Failed(f"the saved {path} lacks the marker {marker}")
    log("  the server has the edited document (marker found in content.xml)")
    if seed not in http.versions(path, user):
        raise Failed(f"the document LibreOffice replaced is not among the versions of {path}")
    log("  the document as it was before the save is a version of the file")

    if logfile:
        log("  server log: " + check_access_log(logfile, offset, path))
    http.request("DELETE", path)


def wait_for(fetch, done, seconds):
    deadline = time.monotonic() + seconds
    while True:
        value = fetch()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.3)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    base, user, password = sys.argv[1:4]
    logfile = os.environ.get("KISTE_SERVER_LOG") or None
    if logfile and not os.path.isfile(logfile):
        sys.exit(f"libreoffice: KISTE_SERVER_LOG={logfile} is not a file")
    hostport = urllib.parse.urlsplit(base).netloc
    http = Http(base, user, password)
    folder = "lo-" + uuid.uuid4().hex[:8]
    long_dir = f"/remote.php/dav/files/{urllib.parse.quote(user)}/{folder}/"
    short_dir = f"/dav/{folder}/"

    workdir = tempfile.mkdtemp(prefix="kiste-lo-")
    office = Office(workdir)
    failures = []

    def give_up():  # a UNO call that never returns cannot be interrupted otherwise
        print(f"libreoffice: FAILED: not done within {DEADLINE} s; killing soffice", file=sys.stderr, flush=True)
        office.kill()
        shutil.rmtree(workdir, ignore_errors=True)
        os._exit(1)
    watchdog = threading.Timer(DEADLINE, give_up)
    watchdog.daemon = True
    watchdog.start()
    try:
        status, _ = http.request("MKCOL", long_dir)
        if status != 201:
            raise Failed(f"MKCOL {long_dir} answered {status}")
        t0 = time.monotonic()
        office.start()
        log(f"soffice {office.proc.pid} up in {time.monotonic() - t0:.1f} s")
        seed = make_odt(office, workdir, "Kiste test document.")
        runs = [
            ("vnd.sun.star.webdav", f"vnd.sun.star.webdav://{hostport}{long_dir}by-webdav.odt", long_dir + "by-webdav.odt"),
            ("http", f"http://{hostport}{short_dir}by-http.odt", short_dir + "by-http.odt"),
        ]
        for name, url, path in runs:
            log(f"{name}: {url}")
            try:
                run(office, http, seed, user, password, url, path, logfile, first=name == runs[0][0])
                log(f"{name}: passed")
            except Failed as e:
                failures.append(f"{name}: {e}")
                log(f"{name}: FAILED: {e}")
            except Exception as e:  # a UNO exception from load/store: LibreOffice's own words
                failures.append(f"{name}: {type(e).__name__}: {getattr(e, 'Message', e)}")
                log(f"{name}: FAILED: {type(e).__name__}: {getattr(e, 'Message', e)}")
    except Failed as e:
        failures.append(str(e))
    finally:
        office.stop()
        watchdog.cancel()
        http.request("DELETE", long_dir)
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        for f in failures:
            print(f"libreoffice: FAILED: {f}", file=sys.stderr)
        return 1
    log("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
