"""The originals: every ingested document's bytes and metadata under `data/documents/`.

The indexes can always be rebuilt from here (`rag reindex`), and a corpus moves between
installations as an export of this folder (`rag export` / `rag import`). Every file is
written to a temporary name and renamed into place, so a crash never leaves half a file.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

from rag.errors import DocumentError, NotFound

_RAW, _META = ".orig", ".json"


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Archive:
    """Original bytes plus a JSON metadata record per document id."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, doc_id: str, suffix: str) -> Path:
        return self.root / (quote(doc_id, safe="") + suffix)

    def put(self, doc_id: str, raw: bytes, meta: dict) -> None:
        """Store the original first, then its metadata: a record never points at a missing file."""
        _write_atomic(self._path(doc_id, _RAW), raw)
        _write_atomic(self._path(doc_id, _META), json.dumps({"id": doc_id, **meta}, ensure_ascii=False).encode())

    def raw(self, doc_id: str) -> bytes:
        try:
            return self._path(doc_id, _RAW).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"no original kept for {doc_id!r}") from None

    def ids(self) -> list[str]:
        """Documents with both original and metadata present."""
        return sorted(
            unquote(p.name[: -len(_META)]) for p in self.root.glob("*" + _META)
            if not p.name.startswith(".tmp-") and p.with_suffix(_RAW).exists()
        )

    def delete(self, doc_id: str) -> None:
        self._path(doc_id, _META).unlink(missing_ok=True)
        self._path(doc_id, _RAW).unlink(missing_ok=True)

    def export(self, target: Path) -> int:
        """Write every original and its metadata to a .tar.gz; returns the number of documents."""
        ids = self.ids()
        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            for doc_id in ids:
                for suffix in (_RAW, _META):
                    tar.add(self._path(doc_id, suffix), arcname=self._path(doc_id, suffix).name)
        _write_atomic(target, buffer.getvalue())
        return len(ids)


def read_export(source: Path) -> Iterator[tuple[str, bytes]]:
    """(document id, original bytes) from an export file; refuses anything but plain files."""
    try:
        tar = tarfile.open(source, mode="r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise DocumentError(f"{source}: not a corpus export (.tar.gz): {exc}") from exc
    with tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile() and "/" not in m.name}
        for name in sorted(members):
            if name.endswith(_META) and name[: -len(_META)] + _RAW in members:
                meta = json.loads(tar.extractfile(members[name]).read())
                yield meta["id"], tar.extractfile(members[name[: -len(_META)] + _RAW]).read()
