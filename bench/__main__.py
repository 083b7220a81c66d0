"""`make bench`: one line per figure, each a ratio to a baseline measured in this run.

Run: QT_QPA_PLATFORM=offscreen python -m bench [--sizes 100,1000,10000]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path

from bench import measures


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    only = {s for s in args.only.split(",") if s}
    print(
        f"# machine: {platform.machine()} {platform.processor() or ''} "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"cores {measures.cpu_count()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            for name, bench in measures.BENCHMARKS.items():
                if only and name not in only:
                    continue
                try:
                    line = bench(size, Path(tmp))
                except measures.NotAvailable as reason:
                    line = f"skipped ({reason})"
                print(f"{name:<16} n={size:>6}: {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
