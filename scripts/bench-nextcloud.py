#!/usr/bin/env python3
"""The runs of scripts/bench-nextcloud: nextcloudcmd first upload and first download against a running Kiste.

Started by scripts/bench-nextcloud (which starts and stops the server); see its header for what is measured.
"""
import argparse
import base64
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

SYNC_TIMEOUT = 1800  # one nextcloudcmd run, seconds
FOLDERS = 50
ACCESS = re.compile(r'^(\d\d):(\d\d):(\d\d)\.(\d{3}) .*kiste\.access .*"([A-Z]+) (\S+) HTTP/[0-9.]+" (\d{3}) \S+ (\d+)ms')


def tree_cpu(root):
    """CPU seconds of a process and all its live descendants (the JVM and its embedded mariadbd)."""
    hz = os.sysconf("SC_CLK_TCK")
    parent, ticks = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rfind(")") + 2:].split()
        parent[int(d)] = int(fields[1])
        ticks[int(d)] = sum(int(x) for x in fields[11:15])
    children = {}
    for p, pp in parent.items():
        children.setdefault(pp, []).append(p)
    total, todo, seen = 0, [root], set()
    while todo:
        p = todo.pop()
        if p in seen or p not in ticks:
            continue
        seen.add(p)
        total += ticks[p]
        todo.extend(children.get(p, []))
    return total / hz


def machine_busy():
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(v) - v[3] - v[4]) / hz, sum(v) / hz


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class Server:
    def __init__(self, url, user, password, log):
        self.url, self.user, self.password, self.log = url.rstrip("/"), user, password, log
        self.auth = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()

    def request(self, method, path, headers=None):
        req = urllib.request.Request(self.url + path, method=method, headers=dict(headers or {}))
        req.add_header("Authorization", self.auth)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def mark(self, name):
        """A request the access log shows as GET /health?mark=NAME."""
        urllib.request.urlopen(self.url + "/health?mark=" + name, timeout=10).read()

    def requests_between(self, a, b):
        """(seconds of day, method, path, status, ms) of the access-log lines between two marks."""
        ma, mb = "GET /health?mark=%s " % a, "GET /health?mark=%s " % b
        for _ in range(40):  # the log is written from a queue
            with open(self.log, encoding="utf-8", errors="replace") as f:
                text = f.read()
            if mb in text:
                break
            time.sleep(0.25)
        out, on = [], False
        for line in text.splitlines():
            if mb in line:
                break
            if on:
                m = ACCESS.match(line)
                if m:
                    h, mi, s, ms = (int(x) for x in m.group(1, 2, 3, 4))
                    out.append((h * 3600 + mi * 60 + s + ms / 1000, m.group(5), m.group(6), int(m.group(7)),
                                int(m.group(8))))
            if ma in line:
                on = True
        return out


def make_tree(root, files, size):
    per = max(1, files // FOLDERS)
    n = 0
    for d in range(FOLDERS):
        if n >= files:
            break
        folder = os.path.join(root, "d%02d" % d)
        os.makedirs(folder)
        for i in range(per if d < FOLDERS - 1 else files - n):
            with open(os.path.join(folder, "f%05d.bin" % i), "wb") as f:
                f.write(os.urandom(size))
            n += 1
    return n


def listing(root):
    """{relative path: (size, bytes)} of the regular files below root, the client's journal left out."""
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            if name.startswith(".sync_") or name == ".nextcloudsync.log":
                continue
            p = os.path.join(dirpath, name)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root)] = f.read()
    return out


def run_sync(server, local, remote, home, logfile):
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home + "/.config", XDG_DATA_HOME=home + "/.local/share",
               XDG_CACHE_HOME=home + "/.cache")
    cmd = ["nextcloudcmd", "--non-interactive", "--path", remote, "-u", server.user, "-p", server.password,
           local, server.url]
    with open(logfile, "w") as log:
        return subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=SYNC_TIMEOUT).returncode


def pct(values, q):
    if not values:
        return 0
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def concurrency(reqs):
    """Seconds spent with k requests in flight (k = 0 … 7, the last meaning 7 or more), between the first
    request's start and the last one's end, from each request's end time and duration."""
    events = []
    for end, _, _, _, ms in reqs:
        events.append((end - ms / 1000, 1))
        events.append((end, -1))
    events.sort()
    spent = [0.0] * 8
    level, last = 0, None
    for t, d in events:
        if last is not None:
            spent[min(level, 7)] += t - last
        level, last = level + d, t
    return spent


def phase(server, server_pid, name, local, remote, home, out, files):
    """One nextcloudcmd run, measured: wall time, client and server CPU, the requests it caused."""
    server.mark("%s-start" % name)
    busy0 = machine_busy()
    cpu_server0, cpu_client0, t0 = tree_cpu(server_pid), children_cpu(), time.monotonic()
    rc = run_sync(server, local, remote, home, os.path.join(out, "%s.log" % name))
    wall = time.monotonic() - t0
    cpu_server, cpu_client = tree_cpu(server_pid) - cpu_server0, children_cpu() - cpu_client0
    busy1 = machine_busy()
    machine = (busy1[0] - busy0[0]) / wall  # busy cores of the whole machine
    server.mark("%s-end" % name)
    reqs = server.requests_between("%s-start" % name, "%s-end" % name)
    by_method = {}
    for _, method, _, status, ms in reqs:
        by_method.setdefault(method, []).append(ms)
    busy = sum(r[4] for r in reqs) / 1000
    transfer = [r for r in reqs if r[1] in ("PUT", "GET") and "/remote.php/dav/files/" in r[2]]
    first_transfer = (min(r[0] for r in transfer) - (reqs[0][0] - reqs[0][4] / 1000)) if transfer and reqs else None
    span = (transfer[-1][0] - transfer[0][0]) if len(transfer) > 1 else None
    bad = sorted({(r[1], r[3]) for r in reqs if r[3] >= 400})
    return {
        "name": name, "rc": rc, "wall": wall, "files_per_s": files / wall, "cpu_server": cpu_server,
        "cpu_client": cpu_client, "machine": machine, "requests": len(reqs), "busy": busy, "in_flight": busy / wall,
        "methods": {m: (len(v), statistics.median(v), pct(v, 0.9)) for m, v in sorted(by_method.items())},
        "concurrency": concurrency(reqs), "first_transfer": first_transfer, "transfer_span": span, "transfers": len(transfer), "errors": bad,
    }


def describe(p):
    lines = ["%s: exit %d, %.1f s, **%.0f files/s**; CPU client %.1f s (%.2f cores), server %.1f s (%.2f cores)"
             % (p["name"], p["rc"], p["wall"], p["files_per_s"], p["cpu_client"], p["cpu_client"] / p["wall"],
                p["cpu_server"], p["cpu_server"] / p["wall"])]
    lines.append("  machine: %.2f of %d cores busy, %.2f of them neither client nor server" % (
        p["machine"], os.cpu_count(), max(0.0, p["machine"] - (p["cpu_client"] + p["cpu_server"]) / p["wall"])))
    lines.append("  %d requests, mean in flight %.2f (sum of request times %.1f s / wall)" % (
        p["requests"], p["in_flight"], p["busy"]))
    if p["first_transfer"] is not None:
        lines.append("  first file transfer %.1f s after the first request; %d transfers over %.1f s (%.0f/s)" % (
            p["first_transfer"], p["transfers"], p["transfer_span"] or 0,
            p["transfers"] / p["transfer_span"] if p["transfer_span"] else 0))
    total = sum(p["concurrency"]) or 1
    lines.append("  share of the time with k requests in flight: " + ", ".join(
        "%s: %.0f%%" % (k if k < 7 else "7+", 100 * v / total) for k, v in enumerate(p["concurrency"]) if v > 0))
    for m, (n, med, p90) in p["methods"].items():
        lines.append("  %-9s %6d  median %4d ms  p90 %4d ms" % (m, n, med, p90))
    if p["errors"]:
        lines.append("  answers >= 400: %s" % ", ".join("%s %d" % e for e in p["errors"]))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--server-pid", type=int, required=True)
    ap.add_argument("--access-log", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--files", type=int, default=5000)
    ap.add_argument("--bytes", type=int, default=4096)
    a = ap.parse_args()
    server = Server(a.url, a.user, a.password, a.access_log)
    work = tempfile.mkdtemp(prefix="kiste-bench-nc.")
    results, ok = [], True
    try:
        source = os.path.join(work, "source")
        files = make_tree(source, a.files, a.bytes)
        expected = listing(source)
        print("tree: %d files of %d bytes in %d folders" % (files, a.bytes, FOLDERS), flush=True)
        for run in range(1, a.runs + 1):
            remote = "/run-%d" % run
            status, _ = server.request("MKCOL", "/remote.php/dav/files/%s%s" % (a.user, remote))
            if status != 201:
                sys.exit("MKCOL %s answered %d" % (remote, status))
            up, down, home = (os.path.join(work, "%s-%d" % (k, run)) for k in ("up", "down", "home"))
            shutil.copytree(source, up)
            os.makedirs(down)
            os.makedirs(home)
            pu = phase(server, a.server_pid, "upload-%d" % run, up, remote, home, a.out, files)
            print(describe(pu), flush=True)
            pd = phase(server, a.server_pid, "download-%d" % run, down, remote, home, a.out, files)
            print(describe(pd), flush=True)
            same = listing(down) == expected
            print("  downloaded tree %s" % ("identical" if same else "DIFFERS"), flush=True)
            ok = ok and same and pu["rc"] == 0 and pd["rc"] == 0
            results.append((pu, pd))
            shutil.rmtree(up)
            shutil.rmtree(down)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ups = [r[0]["files_per_s"] for r in results]
    downs = [r[1]["files_per_s"] for r in results]
    summary = [
        "# nextcloudcmd against Kiste: %d files of %d bytes, %d run(s)" % (files, a.bytes, len(results)),
        "",
        "| phase | files/s per run | median files/s |",
        "| --- | --- | --- |",
        "| first upload | %s | **%.0f** |" % (", ".join("%.0f" % x for x in ups), statistics.median(ups)),
        "| first download | %s | **%.0f** |" % (", ".join("%.0f" % x for x in downs), statistics.median(downs)),
        "",
    ]
    for pu, pd in results:
        summary += ["```", describe(pu), describe(pd), "```", ""]
    text = "\n".join(summary)
    with open(os.path.join(a.out, "summary.md"), "w") as f:
        f.write(text)
    print()
    print(text)
    if not ok:
        sys.exit("a run failed (non-zero exit of nextcloudcmd or a differing tree); logs in %s" % a.out)


if __name__ == "__main__":
    main()
