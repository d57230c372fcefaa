"""Is extraction linear in the length of a line? One long line against the same text
with its line breaks.

Builds a text from real reports (../shared/corpus, or DIR), then runs
``pipeline.process`` on it as it is and with every line break removed (one line), and
prints the CPU time of each and their ratio: about 1 when every per-line and
per-sentence scan is linear. ``--open-quote`` starts the text with an unclosed “, so
that no full stop ends a sentence: the whole line is then one sentence. The time
spent inside the number extractor (``extract.extract``) is shown apart from the rest
(segmentation, attribution, sectors), so that each part's ratio can be read.

    python benchmarks/longline.py [DIR] [--kb 800] [--open-quote] [--repeat 3]

Nothing here is asserted in tests; the figures go into closing notes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plantool import extract, pipeline, read  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "corpus" / "政府工作报告-省自治区"


class ExtractorClock:
    """CPU time spent inside ``extract.extract`` while it is installed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.real = extract.extract

    def __enter__(self) -> ExtractorClock:
        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return self.real(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - start

        extract.extract = timed
        return self

    def __exit__(self, *exc) -> None:
        extract.extract = self.real


def build_text(directory: str, kilobytes: int) -> str:
    """Whole reports joined by line breaks until the text reaches ``kilobytes``."""
    parts, size = [], 0
    for path in read.iter_files([directory]):
        if not isinstance(path, str):
            continue
        text = read.read(path).text
        parts.append(text)
        size += len(text.encode("utf-8"))
        if size >= kilobytes * 1000:
            break
    return "\n".join(parts)


def timed_process(text: str) -> tuple[float, float, int]:
    """CPU seconds of the whole pipeline, of the extractor in it, and commitments found."""
    with ExtractorClock() as clock:
        start = time.process_time()
        done = pipeline.process(text, "longline.md")
        total = time.process_time() - start
    return total, clock.seconds, len(done.commitments)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("--kb", type=int, default=800, help="size of the text (default: 800 KB)")
    parser.add_argument("--open-quote", action="store_true",
                        help="start with an unclosed “ (the line is then one sentence)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median taken)")
    args = parser.parse_args(argv)
    lines = build_text(args.directory, args.kb)
    if args.open_quote:
        lines = "“" + lines
    one_line = lines.replace("\n", "")
    print(f"text: {len(lines.encode('utf-8')) / 1000:.0f} KB, {lines.count(chr(10)) + 1} lines"
          f"{' (opening with an unclosed “)' if args.open_quote else ''}")
    runs: dict[str, list[tuple[float, float, int]]] = {"lines": [], "one line": []}
    for _ in range(args.repeat):
        runs["lines"].append(timed_process(lines))
        runs["one line"].append(timed_process(one_line))
    medians = {}
    for name, found in runs.items():
        total = statistics.median(r[0] for r in found)
        inside = statistics.median(r[1] for r in found)
        medians[name] = (total, inside, total - inside)
        print(f"{name:>9}: {total:7.2f} CPU-s (extractor {inside:6.2f}, the rest {total - inside:6.2f}),"
              f" {found[0][2]} commitments")
    (a, b, c), (x, y, z) = medians["lines"], medians["one line"]
    print(f"ratio one line / lines: whole {x / a:.2f}, extractor {y / b:.2f}, the rest {z / c:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
