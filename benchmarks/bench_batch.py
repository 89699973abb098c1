"""Batch benchmark: ``readerlevel build`` over generated corpora, --jobs 1 against --jobs 2.

A corpus of N articles is generated from the example walking article (each a
copy with its own id and its own numbers in the text, so no two are alike) in
a temporary content pack; ``readerlevel build PACK -o OUT --jobs J`` renders
every article for the three built-in readers (HTML). Each run is a fresh
process; its wall time and the peak resident memory of the largest process in
its tree (the command or one of its workers, from ``getrusage(RUSAGE_CHILDREN)``
in a wrapper process) are reported. Same machine, same run, side by side.

Usage:  python benchmarks/bench_batch.py [--sizes 1000 5000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "variants" / "articles" / "walking-knee-osteoarthritis.yaml"

WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, largest descendant
print(json.dumps({"seconds": took, "peak_kib": peak, "code": done.returncode,
                  "out": done.stdout[-300:], "err": done.stderr[-300:]}))
"""


def corpus(size: int, where: Path) -> Path:
    """A content pack with ``size`` distinct articles."""
    pack = where / f"pack-{size}"
    (pack / "articles").mkdir(parents=True)
    (pack / "readerlevel.yaml").write_text("# generated corpus\n", encoding="utf-8")
    text = SOURCE.read_text(encoding="utf-8")
    for n in range(size):
        article = text.replace("id: walking-knee-osteoarthritis", f"id: walk-{n:05d}")
        article = article.replace("updated: 2025-", f"updated: {2000 + n % 25}-")
        (pack / "articles" / f"walk-{n:05d}.yaml").write_text(article, encoding="utf-8")
    return pack


def build(pack: Path, out: Path, jobs: int) -> dict[str, object]:
    """One fresh ``readerlevel build`` run: seconds, peak KiB, exit code."""
    shutil.rmtree(out, ignore_errors=True)
    command = [
        sys.executable, "-m", "readerlevel", "build", str(pack), "-o", str(out),
        "--jobs", str(jobs), "--no-progress",
    ]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    if result["code"] != 0:
        raise SystemExit(f"build failed: {result['err']}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        print("articles  jobs  seconds  speed-up  peak MiB (largest process)")
        for size in args.sizes:
            pack = corpus(size, where)
            times: dict[int, float] = {}
            for jobs in (1, 2):
                runs = [build(pack, where / "out", jobs) for _ in range(args.repeat)]
                best = min(runs, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
                seconds = float(best["seconds"])  # type: ignore[arg-type]
                times[jobs] = seconds
                speed = f"{times[1] / seconds:5.2f}×" if jobs > 1 else "  1.00×"
                peak = max(float(r["peak_kib"]) for r in runs) / 1024  # type: ignore[arg-type]
                print(f"{size:8d}  {jobs:4d}  {seconds:7.1f}  {speed:>8}  {peak:8.0f}")
            files = sum(1 for _ in (where / "out").rglob("*.html"))
            print(f"          ({files} files written per run)")
            time.sleep(0.5)


if __name__ == "__main__":
    main()
