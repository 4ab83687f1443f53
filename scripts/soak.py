#!/usr/bin/env python3
"""Soak: many clients doing a mixed WebDAV workload against one server for a bounded time, while the server's
heap after a full GC, its threads and its open file descriptors are sampled.

    soak.py URL -u USER -p PASS --server-pid PID --gc-log FILE [--clients 64] [--minutes 10] [--sample 30] [--json FILE]

URL is the user's WebDAV files collection (loopback only). Each client owns a folder below a scratch folder and
loops over: PUT a new 4 KiB file, GET it, PROPFIND Depth 1 of the shared 1,000-file folder, PROPPATCH a dead
property, COPY the file, MOVE it, LOCK / PUT with the token / UNLOCK, DELETE, and every tenth round an
unauthenticated PUT (which must get 401) and a MKCOL + DELETE of a folder. Every answer is checked against the
status that operation must give; anything else counts as an error.

The HTTP client is the shared harness's lean keep-alive client (davbench.py, imported from --bench-dir).
Clients run as threads in several processes so that the client side does not become the limit.
"""
import argparse
import json
import multiprocessing
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse

SHARED_FILES = 1000
LOCK_BODY = (b'<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/>'
             b'</D:lockscope><D:locktype><D:write/></D:locktype><D:owner>soak</D:owner></D:lockinfo>')
PROPPATCH_BODY = (b'<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:s="urn:soak">'
                  b'<D:set><D:prop><s:round>%d</s:round></D:prop></D:set></D:propertyupdate>')
PROPFIND_BODY = (b'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/>'
                 b'<D:getlastmodified/><D:getcontentlength/><D:resourcetype/></D:prop></D:propfind>')


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url")
    ap.add_argument("-u", "--user", required=True)
    ap.add_argument("-p", "--password", required=True)
    ap.add_argument("--server-pid", type=int, required=True, help="the JVM's PID (sampled with jcmd and /proc)")
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--processes", type=int, default=4)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--gc-log", required=True, help="the JVM's -Xlog:gc file")
    ap.add_argument("--sample", type=float, default=30.0, help="seconds between samples")
    ap.add_argument("--bench-dir", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "bench"))
    ap.add_argument("--json", help="write the result here")
    return ap.parse_args()


class Client:
    """One client: its own keep-alive connection and folder; counts what it did and what went wrong."""

    def __init__(self, davbench, target, anonymous, base, shared, wid):
        self.conn = target.worker_conn()
        self.anon = anonymous.worker_conn()
        self.base = base
        self.shared = shared
        self.folder = "%sc%d/" % (base, wid)
        self.wid = wid
        self.ops = 0
        self.errors = []
        self.ProtocolError = davbench.ProtocolError

    def expect(self, what, got, *ok):
        self.ops += 1
        if got not in ok:
            self.errors.append("%s: %s" % (what, got))

    def call(self, conn, method, path, body=None, headers=None):
        try:
            status, _, _ = conn.request(method, path, body, headers)
            return status
        except Exception as e:  # a cut connection or a timeout is an error of the run, not of the driver
            conn.close()
            return "%s %s" % (type(e).__name__, e)

    def round(self, n):
        f = "%sf%d.bin" % (self.folder, n)
        body = os.urandom(4096)
        self.expect("PUT", self.call(self.conn, "PUT", f, body), 201, 204)
        self.expect("GET", self.call(self.conn, "GET", f), 200)
        self.expect("PROPFIND", self.call(self.conn, "PROPFIND", self.shared, PROPFIND_BODY,
                                          {"Depth": "1", "Content-Type": "application/xml"}), 207)
        self.expect("PROPPATCH", self.call(self.conn, "PROPPATCH", f, PROPPATCH_BODY % n,
                                           {"Content-Type": "application/xml"}), 207)
        copy = "%sc%d.bin" % (self.folder, n)
        self.expect("COPY", self.call(self.conn, "COPY", f, None,
                                      {"Destination": copy, "Overwrite": "T"}), 201, 204)
        moved = "%sm%d.bin" % (self.folder, n)
        self.expect("MOVE", self.call(self.conn, "MOVE", copy, None,
                                      {"Destination": moved, "Overwrite": "T"}), 201, 204)
        token = self.lock(moved)
        if token:
            self.expect("PUT locked", self.call(self.conn, "PUT", moved, body, {"If": "(<%s>)" % token}), 204)
            self.expect("UNLOCK", self.call(self.conn, "UNLOCK", moved, None, {"Lock-Token": "<%s>" % token}), 204)
        self.expect("DELETE", self.call(self.conn, "DELETE", moved), 204)
        self.expect("DELETE", self.call(self.conn, "DELETE", f), 204)
        if n % 10 == 0:
            self.expect("PUT without login", self.call(self.anon, "PUT", "%sanon.bin" % self.folder, body), 401)
            sub = "%sd%d/" % (self.folder, n)
            self.expect("MKCOL", self.call(self.conn, "MKCOL", sub), 201)
            self.expect("DELETE folder", self.call(self.conn, "DELETE", sub), 204)

    def lock(self, path):
        try:
            status, body, _ = self.conn.request("LOCK", path, LOCK_BODY,
                                                {"Timeout": "Second-60", "Content-Type": "application/xml"})
        except Exception as e:
            self.conn.close()
            self.expect("LOCK", "%s %s" % (type(e).__name__, e), 200)
            return None
        self.expect("LOCK", status, 200)
        m = re.search(rb"<(?:\w+:)?href>\s*(opaquelocktoken:[^<\s]+)", body or b"")
        if status == 200 and not m:
            self.errors.append("LOCK: no token in the answer")
        return m.group(1).decode() if m else None


def client_process(args, base, shared, wids, end, out):
    sys.path.insert(0, args.bench_dir)
    import davbench
    target = davbench.Target(args.url, args.user, args.password, 60)
    anonymous = davbench.Target(args.url, None, None, 60)
    results = []

    def run(wid):
        c = Client(davbench, target, anonymous, base, shared, wid)
        c.expect("MKCOL", c.call(c.conn, "MKCOL", c.folder), 201)
        n = 0
        while time.time() < end and n < 1_000_000:
            c.round(n)
            n += 1
        c.conn.close()
        c.anon.close()
        results.append((c.ops, n, c.errors))

    threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in wids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1, end - time.time()) + 120)
    ops = sum(r[0] for r in results)
    rounds = sum(r[1] for r in results)
    errors = [e for r in results for e in r[2]]
    out.put((ops, rounds, len(threads) - len(results), errors[:50], len(errors)))


def sample(pid, gc_log):
    """Heap in use right after a full GC (jcmd GC.run; the size after it from the JVM's GC log, which the load
    cannot inflate as a later reading would), threads and open descriptors."""
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
    after = None
    for _ in range(50):
        with open(gc_log) as f:
            full = re.findall(r"Pause Full \((?:System\.gc\(\)|Diagnostic Command)\) (\d+)M->(\d+)M", f.read())
        if full and len(full) > sample.seen:
            sample.seen = len(full)
            after = int(full[-1][1])
            break
        time.sleep(0.1)
    heap_mib = after if after is not None else -1
    with open("/proc/%d/status" % pid) as f:
        threads = int(re.search(r"^Threads:\s+(\d+)", f.read(), re.M).group(1))
    fds = len(os.listdir("/proc/%d/fd" % pid))
    return {"t": round(time.time(), 1), "heap_mib": heap_mib, "threads": threads, "fds": fds}


sample.seen = 0


def main():
    args = parse_args()
    sys.path.insert(0, args.bench_dir)
    import davbench
    target = davbench.Target(args.url, args.user, args.password, 120)
    if not target.is_loopback():
        raise SystemExit("soak.py: loopback targets only")
    path = urllib.parse.urlsplit(args.url).path
    path = path if path.endswith("/") else path + "/"
    base = "%ssoak-%d/" % (path, os.getpid())
    shared = base + "shared/"
    setup = target.conn()
    for folder in (base, shared):
        status, _, _ = setup.request("MKCOL", folder)
        if status != 201:
            raise SystemExit("soak.py: MKCOL %s answered %s" % (folder, status))
    for i in range(SHARED_FILES):
        status, _, _ = setup.request("PUT", "%sf%d.bin" % (shared, i), os.urandom(4096))
        if status not in (201, 204):
            raise SystemExit("soak.py: setup PUT answered %s" % status)

    samples = [sample(args.server_pid, args.gc_log)]
    start = time.time()
    end = start + args.minutes * 60
    out = multiprocessing.Queue()
    groups = [list(range(p, args.clients, args.processes)) for p in range(args.processes)]
    procs = [multiprocessing.Process(target=client_process, args=(args, base, shared, g, end, out)) for g in groups]
    for p in procs:
        p.start()
    while time.time() < end:
        time.sleep(min(args.sample, max(0.1, end - time.time())))
        samples.append(sample(args.server_pid, args.gc_log))
        s = samples[-1]
        print("%6.0f s  heap after GC %5d MiB  threads %4d  fds %5d" % (s["t"] - start, s["heap_mib"],
                                                                       s["threads"], s["fds"]), flush=True)
    results = [out.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    time.sleep(5)  # let the server's idle connections and threads settle before the last sample
    samples.append(sample(args.server_pid, args.gc_log))
    status, _, _ = setup.request("DELETE", base)

    ops = sum(r[0] for r in results)
    hung = sum(r[2] for r in results)
    errors = sum(r[4] for r in results)
    seconds = time.time() - start
    result = {
        "clients": args.clients,
        "minutes": args.minutes,
        "requests": ops,
        "requests_per_s": round(ops / (args.minutes * 60), 1),
        "rounds": sum(r[1] for r in results),
        "errors": errors,
        "error_samples": [e for r in results for e in r[3]][:20],
        "clients_not_finished": hung,
        "cleanup_delete": status,
        "samples": samples,
        "seconds": round(seconds, 1),
    }
    first, warm, last = samples[0], samples[min(2, len(samples) - 1)], samples[-1]
    print("requests %d (%.1f/s), errors %d, clients not finished %d" % (ops, result["requests_per_s"], errors, hung))
    print("heap after GC: start %d MiB, after warm-up %d, end %d; threads %d/%d/%d; fds %d/%d/%d" % (
        first["heap_mib"], warm["heap_mib"], last["heap_mib"], first["threads"], warm["threads"], last["threads"],
        first["fds"], warm["fds"], last["fds"]))
    for e in result["error_samples"]:
        print("  error: %s" % e)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 1 if errors or hung else 0


if __name__ == "__main__":
    sys.exit(main())
