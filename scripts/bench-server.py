#!/usr/bin/env python3
"""The server benchmark (docs/benchmarks.md, "The server"): a release `readout serve` on
loopback, measured from a second process.

1. Upload to result: the bundled 112-patient cut uploaded as a zip, validated, run with the
   bundled spec, and readout.json fetched, through the API (polling the job every 5 ms); the
   best and median of --repeat rounds, each on a new store.
2. Reading a stored run: wrk (Debian's package) on readout.json and on the run document, with
   --connections connections for --seconds seconds; requests per second and latency percentiles.
   With accounts (the default) every request carries an API token, looked up and checked.
3. With --large FOLDER (a study folder, e.g. one written by `readout synth`): that cut uploaded
   and run, with the server's peak resident memory (VmHWM).

Bounded in time and requests; the server listens on 127.0.0.1 only and is stopped at the end.
    swift build -c release --product readout
    python3 scripts/bench-server.py --binary .build/release/readout
"""
import argparse
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


STORE = []


def reset_store(url):
    """Drops the tables of a PostgreSQL store (psql) so that each round starts empty."""
    subprocess.run(["psql", url.split("?")[0], "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                   check=True, capture_output=True)


TOKEN = []
ACCESS = ["accounts"]


def start(binary, data, *extra):
    """A server on a new store: with accounts (the default), a user with the analyst role on the
    benchmark's study and an API token that every request carries."""
    location = ["--data", data]
    if STORE:
        reset_store(STORE[0])
        location = ["--store", STORE[0], "--data", data]
    TOKEN.clear()
    if ACCESS[0] == "accounts":
        subprocess.run([binary, "user", "add", "bench", "--display-name", "Bench", "--password-stdin", *location],
                       input="Throughput-Check-2026\n", text=True, check=True, capture_output=True)
        subprocess.run([binary, "user", "grant", "bench", "BENCH", "analyst", "--create-study", *location],
                       check=True, capture_output=True)
        TOKEN.append(subprocess.run([binary, "user", "token", "bench", "--days", "1", *location], check=True,
                                    capture_output=True, text=True).stdout.strip())
    p = subprocess.Popen([binary, "serve", "--port", "0", *location, "--log-level", "error",
                          "--access", ACCESS[0], *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
    return p, "http://127.0.0.1:%d" % port


def call(url, method="GET", body=None):
    r = urllib.request.Request(url, data=body, method=method,
                               headers={"Authorization": "Bearer " + TOKEN[0]} if TOKEN else {})
    try:
        with urllib.request.urlopen(r, timeout=600) as f:
            return f.status, f.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def zipped(folder):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(os.listdir(folder)):
            z.write(os.path.join(folder, name), "data/" + name)
    return buf.getvalue()


def upload_and_run(base, archive, spec, cutoff, poll=0.005):
    t0 = time.perf_counter()
    status, body = call(base + "/api/v1/studies/BENCH/cuts?cutoff=" + cutoff, "POST", archive)
    assert status == 201, body[:500]
    cut = json.loads(body)["cut"]["id"]
    status, body = call("%s/api/v1/cuts/%d/runs?spec=readout.yaml" % (base, cut), "POST", spec)
    assert status == 202, body[:500]
    job = json.loads(body)["job"]["id"]
    while True:
        j = json.loads(call("%s/api/v1/jobs/%d" % (base, job))[1])["job"]
        if j["state"] in ("succeeded", "failed"):
            break
        time.sleep(poll)
    assert j["state"] == "succeeded", j
    status, body = call("%s/api/v1/runs/%d/files/readout.json" % (base, j["result"]["id"]))
    assert status == 200
    return time.perf_counter() - t0, j["result"]["id"]


def peak_memory(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def wrk(url, connections, seconds, threads=1):
    auth = ["-H", "Authorization: Bearer " + TOKEN[0]] if TOKEN else []
    out = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--latency", *auth, url],
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, lat, int(errors.group(1)) if errors else 0, out


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--binary", default=os.path.join(ROOT, ".build/release/readout"))
    a.add_argument("--repeat", type=int, default=5)
    a.add_argument("--connections", type=int, default=16)
    a.add_argument("--seconds", type=int, default=10)
    a.add_argument("--large", help="a study folder to upload and run as well")
    a.add_argument("--large-cutoff", default="2008-08-29")
    a.add_argument("--store", help="a PostgreSQL URL: serve that database instead of SQLite (emptied first)")
    a.add_argument("--access", default="accounts", choices=["accounts", "open"],
                   help="accounts (every request carries an API token, checked) or open")
    args = a.parse_args()
    ACCESS[0] = args.access
    if args.store:
        STORE.append(args.store)
    archive = zipped(os.path.join(ROOT, "examples/phase2/data"))
    spec = open(os.path.join(ROOT, "examples/phase2/readout.yaml"), "rb").read()

    times = []
    for _ in range(args.repeat):
        data = tempfile.mkdtemp(prefix="readout-bench-server-")
        p, base = start(args.binary, data)
        try:
            times.append(upload_and_run(base, archive, spec, "2008-08-29")[0])
        finally:
            p.terminate()
            p.wait()
            shutil.rmtree(data)
    print("store: %s, access: %s" % ("PostgreSQL" if args.store else "SQLite", args.access))
    print("upload -> validate -> run -> readout.json, 112 patients: best %.3f s, median %.3f s (%d rounds)"
          % (min(times), statistics.median(times), len(times)))

    data = tempfile.mkdtemp(prefix="readout-bench-server-")
    p, base = start(args.binary, data)
    try:
        _, run = upload_and_run(base, archive, spec, "2008-08-29")
        for path in ["/api/v1/runs/%d/files/readout.json" % run, "/api/v1/runs/%d" % run]:
            size = len(call(base + path)[1])
            rps, lat, errors, _ = wrk(base + path, args.connections, args.seconds)
            print("GET %s (%d bytes), %d connections, %d s: %.0f requests/s, p50 %s, p90 %s, p99 %s, errors %d"
                  % (path, size, args.connections, args.seconds, rps, lat.get("50"), lat.get("90"), lat.get("99"),
                     errors))
        if args.large:
            big = zipped(args.large)
            t, _ = upload_and_run(base, big, spec, args.large_cutoff, poll=0.1)
            print("large cut (%d MB zip): upload -> result %.1f s, server peak memory %.2f GB"
                  % (len(big) >> 20, t, peak_memory(p.pid) / 1e9))
    finally:
        p.terminate()
        p.wait()
        shutil.rmtree(data)


if __name__ == "__main__":
    main()
