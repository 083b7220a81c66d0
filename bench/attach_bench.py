"""`attach_100mb`: attaching a 100 MB file streams it (issue 17 item 4).

In a fresh interpreter (clean tracemalloc and VmHWM): attach a 100 MiB PDF to a copy of the
bench portfolio, then write it back. Figures: Python's peak allocation (tracemalloc) during
each as a ratio of the file size, against the baseline of reading the file whole
(``read_bytes``: 1.0×); the process's peak RSS growth (VmHWM, SQLite's page cache included);
and the time against copying the file (``shutil.copyfile``) on the same disk.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SIZE = 100 << 20

_PROBE = """
import hashlib, os, shutil, sys, time, tracemalloc
from datetime import date
from pathlib import Path
from biddesk.domain.storage.attachments import attach_files, copy_attachment
from biddesk.domain.storage.store import PortfolioStore

def peak_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0

portfolio, source, back, copy = (Path(a) for a in sys.argv[1:5])
store = PortfolioStore.open(portfolio)
prop = next(iter(store.load().properties)).id
rss_before = peak_kb()
tracemalloc.start()
start = time.perf_counter()
item = attach_files(store, prop, [source], today=date(2026, 11, 23)).added[0]
attach_seconds = time.perf_counter() - start
attach_peak = tracemalloc.get_traced_memory()[1]
rss_attach = peak_kb()
tracemalloc.reset_peak()
with back.open("wb") as out:
    copy_attachment(store, item, out)
extract_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.reset_peak()
data = source.read_bytes()
whole_peak = tracemalloc.get_traced_memory()[1]
del data
tracemalloc.stop()
store.close()
start = time.perf_counter()
shutil.copyfile(source, copy)
with copy.open("rb+") as handle:
    os.fsync(handle.fileno())
copy_seconds = time.perf_counter() - start
same = back.read_bytes() == source.read_bytes()
print(attach_peak, extract_peak, whole_peak, rss_before, rss_attach, attach_seconds,
      copy_seconds, int(same))
"""


def attach_100mb(size: int, folder: Path) -> str:
    """Peak memory and time of attaching (and writing back) a 100 MiB file to a portfolio
    of ``size`` bids."""
    from bench.measures import portfolio_file

    work = folder / f"attach-{size}"
    work.mkdir(exist_ok=True)
    portfolio = work / "attach.biddesk"
    shutil.copyfile(portfolio_file(size, folder), portfolio)
    source = work / "3点セット.pdf"
    with source.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        block = bytes(range(256)) * 4096  # 1 MiB of bytes that are not zeros
        for _ in range(SIZE // len(block)):
            handle.write(block)
        handle.truncate(SIZE)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(portfolio), str(source), str(work / "back.pdf"),
         str(work / "copy.pdf")],
        capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent,
    ).stdout.split()  # fmt: skip
    attach_peak, extract_peak, whole_peak, rss_before, rss_attach = (int(v) for v in out[:5])
    attach_seconds, copy_seconds, same = float(out[5]), float(out[6]), out[7] == "1"
    shutil.rmtree(work)
    if not same:
        raise AssertionError("the file written back differs from the one attached")
    return (
        f"tracemalloc peak {attach_peak / SIZE:.4f}× the file ({attach_peak / 1e6:.2f} MB) vs "
        f"read_bytes {whole_peak / SIZE:.2f}×; write-back {extract_peak / SIZE:.4f}×; "
        f"peak RSS +{(rss_attach - rss_before) / 1024:.1f} MB; "
        f"{attach_seconds:.2f} s vs copyfile+fsync {copy_seconds:.2f} s = "
        f"{attach_seconds / copy_seconds:.1f}× (target: peak < 0.05× the file)"
    )
