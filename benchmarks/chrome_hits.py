"""Which lines of real documents each chrome pattern (plantool/data/chrome.tsv) removes.

The corpus is clean Markdown with little page chrome, so most lines a pattern catches
there are lines a plan or report would lose: read them before adding a pattern.

    python benchmarks/chrome_hits.py [DIR] [--limit N] [--show K]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plantool import clean, read, segment  # noqa: E402
from plantool.vocab import rows  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("--limit", type=int, default=0, help="read at most N files")
    parser.add_argument("--show", type=int, default=5, help="example lines per pattern")
    args = parser.parse_args(argv)
    if not Path(args.directory).is_dir():
        parser.error(f"no directory {args.directory}")
    patterns = [(row[0], re.compile(row[0])) for row in rows("chrome.tsv")]
    hits: dict[str, list[tuple[str, str]]] = defaultdict(list)
    files = [f for f in read.iter_files([args.directory]) if isinstance(f, str)]
    for path in files[:args.limit or None]:
        try:
            text = read.read(path).text
        except read.ReadError:
            continue
        parse = clean.parse_copy(text)
        for block in segment.blocks(text, parse):
            if block.kind != "chrome":
                continue
            line = parse[block.start:block.end].replace("**", "").strip()
            source, _ = next(((s, p) for s, p in patterns if p.match(line)), ("(caption)", None))
            hits[source].append((Path(path).relative_to(args.directory).as_posix(), line))
    for source, _ in patterns + [("(caption)", None)]:
        found = hits.get(source, [])
        print(f"{len(found):6d}  {source[:100]}")
        for name, line in found[:args.show]:
            print(f"          {name}: {line[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
