"""Ingestion benchmark: the whole pipeline's pages per second beside raw pypdf, and peak memory.

The pipeline is what an upload costs end to end: ``document_upload_path`` (copy, hash, detect, store) then
``document_process`` (extract, clean, segment, store pages and provisions), exactly as the Celery task runs
it, in a process that has Django set up as a worker has. Raw pypdf is ``PdfReader(path).pages[i]
.extract_text()`` for every page of the same files, in a process that has only pypdf loaded. Both processes
live for the whole run and the benchmark asks them in turn, alternating which goes first, so machine noise
hits both alike. Peak memory is read from a fresh child process per method, on a 1,000-page PDF built from
the real corpus.

Usage: ``.venv/bin/python bench/ingest.py [--rounds N] [--quick] [--pages N] [--profile]``
(``make bench`` runs it with the defaults). Everything happens in a temporary directory: the developer's
database and media are never touched.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import json
import os
import pstats
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("QANUN_CORPUS", REPO.parent / "shared" / "corpus"))
FILES = [
    "laws/syria/pdf/sy_bar_association_bylaws.pdf",
    "laws/syria/pdf/sy_civil_code_84_1949.pdf",
    "laws/syria/pdf/sy_civil_procedure_1_2016.pdf",
    "laws/syria/pdf/sy_companies_law_29_2011.pdf",
    "laws/syria/pdf/sy_constitution_2012.pdf",
    "laws/syria/pdf/sy_consumer_protection_8_2021.pdf",
    "laws/syria/pdf/sy_labor_law_17_2010.pdf",
    "laws/syria/pdf/sy_real_estate_registry_decision188_1926.pdf",
    "laws/syria/pdf/sy_rent_law_20_2015.pdf",
    "ground_truth/nepal_constitution/Constitution_of_Nepal_2072_ENG.pdf",
]
# --quick: one file of each kind pypdf meets here (browser print with presentation forms, LibreOffice), small.
QUICK_FILES = [
    "laws/syria/pdf/sy_constitution_2012.pdf",
    "laws/syria/pdf/sy_rent_law_20_2015.pdf",
    "laws/syria/pdf/sy_consumer_protection_8_2021.pdf",
]
THROUGHPUT_GOAL = 0.80  # pipeline pages/s as a share of raw pypdf's
MEMORY_GOAL_MB = 300  # peak resident memory of a worker processing a 1,000-page PDF
BIG_PDF_PAGES = 1000
QUICK_BIG_PDF_PAGES = 200
# Settings that could point Django at the developer's own database, files or broker.
_FOREIGN_SETTINGS = ("DATABASE_URL", "MEDIA_ROOT", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
# What the measuring processes are asked, in the order of the table's columns, and every order to ask them in.
METHODS = ("raw", "pipeline", "raw-in-django")
ORDERS = list(itertools.permutations(METHODS))
# Replies from a measuring process start with this, so stray output (a library's print) cannot pass for one.
_REPLY = "BENCH-REPLY "


@dataclass
class Timing:
    """Seconds per round for one file, by method; the pipeline's also split by stage."""

    pages: int
    seconds: dict[str, list[float]] = field(default_factory=lambda: {method: [] for method in METHODS})
    stages: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    provisions: int = 0

    def pages_per_second(self, method: str) -> float:
        return self.pages / statistics.median(self.seconds[method])


# --- the two things measured ----------------------------------------------------------------------------


def raw_pypdf(path: Path) -> int:
    """Every page's text with pypdf and nothing else; returns the page count."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def pipeline(path: Path) -> tuple[Any, float]:
    """Upload ``path`` to a new law and process it as the worker does; returns it and the upload time."""
    from legislation import services

    law = services.law_create(title_en=f"bench: {path.stem}")
    started = time.perf_counter()
    result = services.document_upload_path(law=law, path=path, enqueue=False)
    uploaded = time.perf_counter() - started
    if not result.created:
        raise RuntimeError(f"{path.name} was already stored; the previous round was not cleaned up")
    document = services.document_process(result.document.pk)
    if document is None or document.state != "done":
        state = document.state if document else "gone"
        error = document.error if document else ""
        raise RuntimeError(f"{path.name}: the pipeline ended in state {state!r} {error}")
    return document, uploaded


def pipeline_forget(document: Any) -> None:
    """Delete a processed document, its law and its stored file, so the same bytes can be uploaded again."""
    document.file.delete(save=False)
    document.law.delete()


def measure_once(method: str, path: Path) -> dict[str, Any]:
    """Run ``method`` on ``path`` once in this process; the reply to the benchmark, as a dict."""
    gc.collect()
    if method in {"raw", "raw-in-django"}:
        started = time.perf_counter()
        pages = raw_pypdf(path)
        return {"seconds": time.perf_counter() - started, "pages": pages}
    started = time.perf_counter()
    document, uploaded = pipeline(path)
    seconds = time.perf_counter() - started
    reply = {
        "seconds": seconds,
        "pages": document.page_count,
        "provisions": document.provisions.count(),
        "stages": {"upload": uploaded, "extract": document.extract_seconds, "segment": document.segment_seconds},
    }
    pipeline_forget(document)
    return reply


# --- measuring processes --------------------------------------------------------------------------------


class MeasuringProcess:
    """A child process that measures on request: ``raw`` has only pypdf loaded, ``django`` is set up as a
    worker is (Django, Wagtail, Celery) and runs the pipeline, or raw pypdf to show what the process costs."""

    def __init__(self, kind: str, env: dict[str, str], *, freeze: bool) -> None:
        self.kind = kind
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve", kind, *([] if freeze else ["--no-gc-freeze"])],
            env=env,
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, method: str, path: Path) -> dict[str, Any]:
        stdin, stdout = self._pipes()
        stdin.write(json.dumps({"method": method, "path": str(path)}) + "\n")
        stdin.flush()
        for line in stdout:
            if line.startswith(_REPLY):
                return json.loads(line[len(_REPLY) :])
        raise RuntimeError(f"the {self.kind} process stopped while measuring {method} on {path.name}; see above")

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        return self.process.stdin, self.process.stdout


def django_setup(*, freeze: bool) -> None:
    """Set Django up as a worker has it; with ``freeze``, keep the start-up objects out of the collector's way."""
    import django

    django.setup()
    import legislation.services  # noqa: F401  (loaded before anything is measured, as in a running worker)

    if freeze:
        gc.collect()
        gc.freeze()


def serve(kind: str, *, freeze: bool) -> None:
    """In a measuring process: set up, then answer requests (one JSON line each on stdin) until stdin ends."""
    if kind == "django":
        django_setup(freeze=freeze)
    import pypdf  # noqa: F401

    allowed = {"raw"} if kind == "raw" else {"pipeline", "raw-in-django"}
    for line in sys.stdin:
        request = json.loads(line)
        if request["method"] not in allowed:
            raise ValueError(f"the {kind} process does not measure {request['method']!r}")
        reply = measure_once(request["method"], Path(request["path"]))
        print(_REPLY + json.dumps(reply), flush=True)


# --- throughput -----------------------------------------------------------------------------------------


def measure_throughput(paths: list[Path], rounds: int, env: dict[str, str], *, freeze: bool) -> dict[Path, Timing]:
    """Time each method on each file, ``rounds`` times, in another order for each file and round."""
    from pypdf import PdfReader

    timings = {path: Timing(pages=len(PdfReader(path).pages)) for path in paths}
    processes = {kind: MeasuringProcess(kind, env, freeze=freeze) for kind in ("raw", "django")}
    owner = {"raw": processes["raw"], "pipeline": processes["django"], "raw-in-django": processes["django"]}
    try:
        # Warm up each method (imports, regular expressions, the first connection) on the smallest file.
        smallest = min(paths, key=lambda p: timings[p].pages)
        for method in METHODS:
            owner[method].ask(method, smallest)
        for round_number in range(rounds):
            for index, path in enumerate(paths):
                timing = timings[path]
                for method in ORDERS[(round_number * len(paths) + index) % len(ORDERS)]:
                    reply = owner[method].ask(method, path)
                    timing.seconds[method].append(reply["seconds"])
                    for stage, seconds in reply.get("stages", {}).items():
                        timing.stages[stage].append(seconds or 0.0)
                    timing.provisions = reply.get("provisions", timing.provisions)
            print(f"  round {round_number + 1}/{rounds} done", file=sys.stderr)
    finally:
        for process in processes.values():
            process.close()
    return timings


def report_throughput(timings: dict[Path, Timing], rounds: int) -> float:
    """Print the per-file table and the overall lines; returns the overall ratio pipeline / raw."""
    print()
    print(f"Throughput, median of {rounds} round(s), pages per second")
    header = (
        f"{'file':<44} {'pages':>5} {'raw':>6} {'pipeline':>8} {'ratio':>5} {'raw in django':>13} {'provisions':>10}"
    )
    print(header)
    print("-" * len(header))
    for path, t in timings.items():
        raw, piped, raw_django = (t.pages_per_second(method) for method in METHODS)
        print(
            f"{path.name[:44]:<44} {t.pages:>5} {raw:>6.1f} {piped:>8.1f} {piped / raw:>5.2f} "
            f"{raw_django:>13.1f} {t.provisions:>10}"
        )
    pages = sum(t.pages for t in timings.values())
    round_seconds = {
        method: [sum(t.seconds[method][r] for t in timings.values()) for r in range(rounds)] for method in METHODS
    }
    raw, piped, raw_django = (pages / statistics.median(round_seconds[method]) for method in METHODS)
    print("-" * len(header))
    print(f"{'all files':<44} {pages:>5} {raw:>6.1f} {piped:>8.1f} {piped / raw:>5.2f} {raw_django:>13.1f}")
    stages = {
        stage: statistics.median(sum(t.stages[stage][r] for t in timings.values()) for r in range(rounds))
        for stage in ("upload", "extract", "segment")
    }
    split = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages.items())
    print(f"pipeline, all files, median round: {statistics.median(round_seconds['pipeline']):.2f} s ({split})")
    print("  upload: copy, hash, detect, store; extract: pypdf, cleaning, progress; segment: segment, store")
    print(
        f"  raw in django: raw pypdf in the pipeline's process, at {raw_django / raw:.2f} of raw pypdf in a "
        "process of its own:\n  that difference comes from the process (Django, Wagtail, Celery loaded), "
        "not from the pipeline's work"
    )
    return piped / raw


# --- peak memory ----------------------------------------------------------------------------------------


def build_big_pdf(paths: list[Path], pages: int, out: Path) -> int:
    """Concatenate the corpus's pages, file after file and again from the first, until ``pages`` pages."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    count = 0
    while count < pages:
        for path in paths:
            reader = PdfReader(path)
            take = min(len(reader.pages), pages - count)
            if take <= 0:
                break
            writer.append(reader, pages=list(range(take)), import_outline=False)
            count += take
    with open(out, "wb") as fh:
        writer.write(fh)
    return count


def measure_peak(mode: str, path: Path, env: dict[str, str], *, freeze: bool) -> dict[str, float]:
    """Run one measurement in a fresh child process and return the child's report."""
    completed = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--peak",
            mode,
            str(path),
            *([] if freeze else ["--no-gc-freeze"]),
        ],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    replies = [line for line in completed.stdout.splitlines() if line.startswith(_REPLY)]
    if completed.returncode != 0 or not replies:
        raise RuntimeError(f"the {mode} memory process failed with exit code {completed.returncode}")
    return json.loads(replies[-1][len(_REPLY) :])


def memory_mb(field: str) -> float | None:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak resident) of this process in MB (2**20 bytes), if known.

    ``ru_maxrss`` (``RUSAGE_SELF`` here, or ``RUSAGE_CHILDREN``/``wait4`` in the parent) is no use on Linux:
    the kernel keeps the high-water mark of the memory a process had before ``exec``, the parent's, so every
    child would report at least the benchmark's own size. ``VmHWM`` covers this program image only.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return None


def reset_peak() -> None:
    """Start ``VmHWM`` again from the memory in use now (Linux 4.0+): what follows gets a peak of its own."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def peak(mode: str, path: Path, *, freeze: bool) -> None:
    """In a memory process: set up, note the memory in use, process ``path`` once, report on stdout.

    Imports peak higher than they settle (``import pypdf`` loads Pillow and cryptography), so the peak of the
    imports and the peak while reading are taken apart; the process's peak is the larger.
    """
    if mode == "pipeline":
        django_setup(freeze=freeze)
    import pypdf  # noqa: F401  (loaded before the baseline in both modes)

    gc.collect()
    import_peak = memory_mb("VmHWM")
    start = memory_mb("VmRSS")
    reset_peak()
    started = time.perf_counter()
    if mode == "raw":
        pages = raw_pypdf(path)
    else:
        document, _ = pipeline(path)
        pages = document.page_count
    seconds = time.perf_counter() - started
    work_peak = memory_mb("VmHWM")
    if work_peak is None or import_peak is None or start is None:
        fallback = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        work_peak, import_peak, start = fallback, fallback, fallback
    report = {"pages": pages, "seconds": seconds, "start_mb": start, "import_peak_mb": import_peak}
    report |= {"work_peak_mb": work_peak, "peak_mb": max(import_peak, work_peak)}
    print(_REPLY + json.dumps(report))


def report_peak(raw: dict[str, float], piped: dict[str, float], pages: int) -> bool:
    """Print the memory table; returns whether the pipeline's peak is within the goal."""
    print()
    print(f"Peak memory on a {pages:,}-page PDF built from the corpus (one fresh process each), MB")
    columns = ("peak", "imports", "at start", "reading", "growth", "pages/s")
    header = f"{'method':<10}" + "".join(f"{name:>9}" for name in columns)
    print(header)
    print("-" * len(header))
    for name, r in (("raw pypdf", raw), ("pipeline", piped)):
        growth = r["work_peak_mb"] - r["start_mb"]
        print(
            f"{name:<10} {r['peak_mb']:>8.0f} {r['import_peak_mb']:>8.0f} {r['start_mb']:>8.0f} "
            f"{r['work_peak_mb']:>8.0f} {growth:>8.0f} {r['pages'] / r['seconds']:>8.1f}"
        )
    print("  peak: the whole process's; imports: peak while importing (and django.setup() for the pipeline)")
    print("  at start: resident when the file is opened; reading: peak from then on; growth: reading - start")
    print("  pages/s: one run each, one after the other, so noisier than the throughput table")
    return piped["peak_mb"] < MEMORY_GOAL_MB


# --- profile --------------------------------------------------------------------------------------------


def profile(paths: list[Path], *, freeze: bool) -> None:
    """In a process set up as a worker: one pipeline pass under cProfile, own time by area, top functions."""
    django_setup(freeze=freeze)
    pipeline_forget(pipeline(min(paths, key=lambda path: path.stat().st_size))[0])  # imports, untimed
    profiler = cProfile.Profile()
    for path in paths:
        profiler.enable()
        document, _ = pipeline(path)
        profiler.disable()
        pipeline_forget(document)
    stats = pstats.Stats(profiler)
    by_area: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, own, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if filename != "~":
            by_area[_area(filename)] += own
            continue
        # A built-in (str.translate, re's C code, sqlite3, gc): its time goes to the areas that called it.
        for (caller_file, _, _), (_, _, caller_share, _) in callers.items():
            by_area[_area(caller_file)] += caller_share
    total = sum(by_area.values())
    print()
    print(f"Profile of one pipeline pass ({total:.2f} s under cProfile), own time by area:")
    for area, seconds in sorted(by_area.items(), key=lambda item: -item[1])[:12]:
        print(f"  {seconds:>7.2f} s {100 * seconds / total:>5.1f} %  {area}")
    print()
    stats.sort_stats("tottime").print_stats(12)


def _area(filename: str) -> str:
    """A short name for where a profiled function lives: a repo file, or a library and its first module."""
    path = Path(filename)
    if path.is_relative_to(REPO) and ".venv" not in path.parts:
        return str(path.relative_to(REPO))
    parts = path.parts
    for library in ("pypdf", "django", "sqlite3", "re"):
        if library in parts:
            inner = parts[parts.index(library) + 1 : parts.index(library) + 2]
            return "/".join((library, *inner))
    return path.name


# --- set-up and main ------------------------------------------------------------------------------------


def isolated_environment(var_dir: Path) -> dict[str, str]:
    """Environment for the measuring processes: everything in ``var_dir``, production-like settings."""
    env = {name: value for name, value in os.environ.items() if name not in _FOREIGN_SETTINGS}
    env["QANUN_VAR_DIR"] = str(var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    # A worker in production runs with DEBUG off; with it on, Django keeps the SQL of the last 9,000 queries.
    env["DEBUG"] = "false"
    env["SECRET_KEY"] = secrets.token_urlsafe(32)
    # The ratio is of reading text layers: OCR of garbage pages (the civil procedure law's 64, Nepal's page 226)
    # is extra work raw pypdf does not do, seconds a page, and is left out here.
    env["QANUN_OCR_MAX_PAGES"] = "0"
    return env


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of timing per file (default 3)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 round, 3 small files, 200 pages")
    parser.add_argument("--pages", type=int, default=None, help="pages of the memory test PDF (default 1000)")
    parser.add_argument("--profile", action="store_true", help="also profile one pipeline pass with cProfile")
    parser.add_argument(
        "--no-gc-freeze",
        dest="gc_freeze",
        action="store_false",
        help="do not gc.freeze() the Django processes after set-up (the worker does, see workers/celery.py)",
    )
    # The measuring processes the benchmark starts.
    parser.add_argument("--serve", choices=("raw", "django"), help=argparse.SUPPRESS)
    parser.add_argument("--peak", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--profile-files", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds = 1
    if args.pages is None:
        args.pages = QUICK_BIG_PDF_PAGES if args.quick else BIG_PDF_PAGES
    if args.rounds < 1 or args.pages < 1:
        parser.error("--rounds and --pages must be at least 1")
    return args


def run_child(args: argparse.Namespace) -> bool:
    """Act as one of the benchmark's own child processes if asked to; whether this process was one."""
    if args.serve:
        serve(args.serve, freeze=args.gc_freeze)
    elif args.peak:
        peak(args.peak[0], Path(args.peak[1]), freeze=args.gc_freeze)
    elif args.profile_files:
        profile([Path(name) for name in args.profile_files], freeze=args.gc_freeze)
    else:
        return False
    return True


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  (progress goes to stderr)
    sys.path.insert(0, str(REPO))
    if run_child(args):
        return 0

    paths = [CORPUS / name for name in (QUICK_FILES if args.quick else FILES)]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        print(f"The shared corpus is missing or incomplete (looked in {CORPUS}; set QANUN_CORPUS). Missing:")
        print("\n".join(f"  {path}" for path in missing))
        return 1

    var_dir = Path(tempfile.mkdtemp(prefix="qanun-bench-"))
    try:
        env = isolated_environment(var_dir)
        manage = [sys.executable, str(REPO / "manage.py"), "migrate", "--noinput", "--verbosity", "0"]
        subprocess.run(manage, env=env, cwd=REPO, check=True)

        import pypdf

        python = sys.version.split()[0]
        load_before = os.getloadavg()[0]
        print(f"Qanun ingestion benchmark: Python {python}, pypdf {pypdf.__version__}, {os.cpu_count()} CPUs")
        print(f"{len(paths)} file(s), {args.rounds} round(s), scratch directory {var_dir}")
        if not args.gc_freeze:
            print("--no-gc-freeze: the Django processes skip the gc.freeze() a real worker does at start-up")
        timings = measure_throughput(paths, args.rounds, env, freeze=args.gc_freeze)
        ratio = report_throughput(timings, args.rounds)

        big = var_dir / f"corpus_{args.pages}_pages.pdf"
        pages = build_big_pdf([CORPUS / name for name in FILES], args.pages, big)
        raw_peak = measure_peak("raw", big, env, freeze=args.gc_freeze)
        pipe_peak = measure_peak("pipeline", big, env, freeze=args.gc_freeze)
        memory_ok = report_peak(raw_peak, pipe_peak, pages)
        size = big.stat().st_size / 1e6
        print(f"  {big.name}: {pages} pages cut from the {len(FILES)} corpus files, {size:.1f} MB")

        if args.profile:
            command = [sys.executable, str(Path(__file__).resolve()), "--profile-files", *map(str, paths)]
            command += ["--gc-freeze"] if args.gc_freeze else []
            subprocess.run(command, env=env, cwd=REPO, check=True)

        print()
        print(
            f"load average {load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end on {os.cpu_count()} CPUs "
            "(pages/s fall with load; alternating the methods keeps the ratio fair)"
        )
        verdict = "OK" if ratio >= THROUGHPUT_GOAL else "MISSED"
        goal = f"goal >= {THROUGHPUT_GOAL:.2f}"
        print(f"throughput ratio (pipeline / raw pypdf): {ratio:.2f}  {goal}  {verdict}")
        verdict = "OK" if memory_ok else "MISSED"
        note = "" if pages == BIG_PDF_PAGES else f"  (the goal is for {BIG_PDF_PAGES:,} pages)"
        print(
            f"peak memory on {pages:,}-page PDF: {pipe_peak['peak_mb']:.0f} MB "
            f"(raw pypdf: {raw_peak['peak_mb']:.0f} MB)  goal < {MEMORY_GOAL_MB} MB  {verdict}{note}"
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
