"""Load test: the example ASGI app under wrk, beside the same app returning a pre-rendered page.

Starts ``python examples/asgi/app.py`` (one uvicorn worker on 127.0.0.1) and
runs wrk (Debian's ``wrk`` package) against, in turn:

- ``/prerendered`` — one page rendered at startup, sent with the same headers
  (the baseline: the web stack alone);
- ``/articles/massage-therapy-pain`` — the audience from the query, the
  language from ``Accept-Language``: personalised per request, served from the
  engine's result cache after the first;
- the same with ``If-None-Match`` carrying the page's ETag (304, no body).

Each run is bounded in time (``--seconds``), the two alternated ``--repeat``
times; requests per second and latency percentiles as wrk reports them.

Usage:  python benchmarks/bench_asgi.py [--seconds 10] [--connections 32] [--repeat 2]
"""

from __future__ import annotations

import argparse
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wrk(url: str, seconds: int, connections: int, headers: list[str]) -> tuple[float, str]:
    """Requests per second and the latency line of one bounded wrk run."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", done.stdout, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", done.stdout, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    extra = f" ({non2xx.group(1)} non-2xx/3xx)" if non2xx else ""
    latency = f"p50 {p50.group(1) if p50 else '?'}, p99 {p99.group(1) if p99 else '?'}{extra}"
    return rate, latency


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "examples/asgi/app.py", "--port", str(port)],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the example app did not start") from None
                time.sleep(0.2)
        article = f"{base}/articles/massage-therapy-pain?audience=patient"
        language = "Accept-Language: es-MX,es;q=0.9,en;q=0.5"
        with urllib.request.urlopen(
            urllib.request.Request(article, headers={"Accept-Language": "es-MX,es;q=0.9"})
        ) as response:
            etag = response.headers["ETag"]
        cases = [
            ("pre-rendered string (baseline)", f"{base}/prerendered", []),
            ("personalised article, es, cached", article, [language]),
            ("conditional GET, 304", article, [language, f"If-None-Match: {etag}"]),
        ]
        results: dict[str, list[tuple[float, str]]] = {name: [] for name, _, _ in cases}
        for _ in range(args.repeat):
            for name, url, headers in cases:
                results[name].append(wrk(url, args.seconds, args.connections, headers))
        print(
            f"wrk -t2 -c{args.connections} -d{args.seconds}s, one uvicorn worker, "
            f"best of {args.repeat}:"
        )
        baseline = max(r for r, _ in results[cases[0][0]])
        for name, _, _ in cases:
            rate, latency = max(results[name])
            print(f"  {name:34s} {rate:9.0f} req/s  {rate / baseline:5.2f}×  {latency}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
