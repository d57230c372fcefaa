"""Views of ``ingest --prune``, ``extract`` and ``load``: the lines they print.

(``ingest``'s own table, summary line and error lines are in :mod:`plantool.views`.)
"""

from __future__ import annotations

from collections.abc import Sequence

from plantool.escape import file_name


def pruned_lines(removed: Sequence[dict]) -> list[str]:
    """``pruned: document 3 (a.txt): /data/a.txt is gone`` per document, then a count."""
    lines = [f"pruned: document {doc['id']} ({file_name(doc['name'])}): "
             f"{file_name(doc['path'])} is gone" for doc in removed]
    count = len(removed)
    lines.append(f"{count} document{'' if count == 1 else 's'} pruned" if count
                 else "nothing to prune: every document's file is there")
    return lines


def extract_line(results: Sequence, shards: Sequence[str], out_dir: str) -> str:
    """``5 documents extracted into 2 shards in out/; 1 failed``."""
    ok = sum(1 for r in results if r.ok)
    return (f"{ok} document{'' if ok == 1 else 's'} extracted into {len(shards)} "
            f"shard{'' if len(shards) == 1 else 's'} in {file_name(out_dir)}; "
            f"{len(results) - ok} failed")
