"""The originals: every ingested document's bytes and metadata under `data/documents/`.

The indexes can always be rebuilt from here (`rag reindex`), and a corpus moves between
installations as an export of this folder (`rag export` / `rag import`).

Files are named by a key made from the document id (a readable ASCII part and a hash, so any id,
however long or in whatever script, gives a short file name):
- `<key>.<version>.orig`: the original bytes of one version (`stage` writes it);
- `<key>.json`: the metadata record, naming the committed version (`commit` writes it).
A version is part of the archive only once its record names it, and `commit` runs only after the
index has committed the same version: an upload the index never acknowledged leaves at most a
staged file, which `reconcile` removes, and an interrupted update leaves the old version in place.
Every file is written to a temporary name and renamed into place, so a crash never leaves half a file.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from rag.errors import DocumentError, NotFound

log = logging.getLogger(__name__)
_RAW, _META = ".orig", ".json"
_READABLE = re.compile(r"[^A-Za-z0-9._-]+")
_VERSION = re.compile(r"[0-9a-f]{16}")


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


def file_key(doc_id: str) -> str:
    """A short file name for any document id: up to 48 readable ASCII characters and 16 of a hash."""
    readable = _READABLE.sub("_", doc_id)[:48].strip("._") or "doc"
    return f"{readable}-{hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:16]}"


class Archive:
    """Original bytes plus a JSON metadata record per document id."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._upgrade()

    def _raw_path(self, doc_id: str, version: str) -> Path:
        return self.root / f"{file_key(doc_id)}.{version[:16]}{_RAW}"

    def _meta_path(self, doc_id: str) -> Path:
        return self.root / f"{file_key(doc_id)}{_META}"

    def _versions(self, doc_id: str) -> list[Path]:
        key = file_key(doc_id)
        return [p for p in self.root.glob(f"{key}.*{_RAW}") if _VERSION.fullmatch(p.name[len(key) + 1 : -len(_RAW)])]

    def meta(self, doc_id: str) -> dict | None:
        try:
            return json.loads(self._meta_path(doc_id).read_bytes())
        except FileNotFoundError:
            return None

    def stage(self, doc_id: str, version: str, raw: bytes) -> None:
        """Keep the bytes of a version about to be indexed; not yet part of the archive."""
        _write_atomic(self._raw_path(doc_id, version), raw)

    def commit(self, doc_id: str, version: str, meta: dict) -> None:
        """Make a staged version the document's (after the index committed it); drop the others."""
        if not self._raw_path(doc_id, version).is_file():
            raise NotFound(f"no staged original of {doc_id!r} at version {version[:16]}")
        _write_atomic(self._meta_path(doc_id),
                      json.dumps({**meta, "id": doc_id, "hash": version}, ensure_ascii=False).encode())
        for path in self._versions(doc_id):
            if path != self._raw_path(doc_id, version):
                path.unlink(missing_ok=True)

    def reconcile(self, doc_id: str, version: str | None, meta: dict) -> None:
        """After an interrupted write: follow the index, whose commit decides. `version` is what the
        index holds for `doc_id` (None: nothing), `meta` its metadata."""
        if version is None:
            self.delete(doc_id)
        elif self._raw_path(doc_id, version).is_file():
            self.commit(doc_id, version, meta)
        else:
            log.warning("the archive has no original of %s at the indexed version %s", doc_id, version[:16])

    def raw(self, doc_id: str) -> bytes:
        meta = self.meta(doc_id)
        try:
            if meta is None:
                raise FileNotFoundError
            return self._raw_path(doc_id, meta["hash"]).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"no original kept for {doc_id!r}") from None

    def ids(self) -> list[str]:
        """Documents with a committed version."""
        out = []
        for path in self.root.glob("*" + _META):
            if path.name.startswith(".tmp-"):
                continue
            meta = json.loads(path.read_bytes())
            if self._raw_path(meta["id"], meta.get("hash", "")).is_file():
                out.append(meta["id"])
        return sorted(out)

    def sweep(self) -> int:
        """Remove the temporary files of writes a killed process left half-written; how many."""
        swept = 0
        for path in self.root.glob(".tmp-*"):
            path.unlink(missing_ok=True)
            swept += 1
        return swept

    def delete(self, doc_id: str) -> None:
        self._meta_path(doc_id).unlink(missing_ok=True)
        for path in self._versions(doc_id):
            path.unlink(missing_ok=True)

    def export(self, target: Path) -> int:
        """Write every original and its metadata to a .tar.gz; returns the number of documents."""
        ids = self.ids()
        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            for doc_id in ids:
                key = file_key(doc_id)
                tar.add(self._raw_path(doc_id, self.meta(doc_id)["hash"]), arcname=key + _RAW)
                tar.add(self._meta_path(doc_id), arcname=key + _META)
        _write_atomic(target, buffer.getvalue())
        return len(ids)

    def _upgrade(self) -> None:
        """Archives written before versioned files kept `<quoted id>.orig` beside `<quoted id>.json`."""
        for meta_path in list(self.root.glob("*" + _META)):
            old_raw = meta_path.with_suffix(_RAW)
            if meta_path.name.startswith(".tmp-") or not old_raw.is_file():
                continue
            meta = json.loads(meta_path.read_bytes())
            doc_id = meta.get("id") or unquote(meta_path.stem)
            raw = old_raw.read_bytes()
            version = meta.get("hash") or hashlib.sha256(raw).hexdigest()
            self.stage(doc_id, version, raw)
            self.commit(doc_id, version, meta)
            if meta_path != self._meta_path(doc_id):
                meta_path.unlink()
            old_raw.unlink()


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
