"""Compiled builds of the rule stages: found, checked against the sources, and loaded.

The rule stages (:data:`MODULES`) are plain Python, and the sources are always the truth.
``python -m ingest.native_build`` (run by ``make install``) compiles them with mypyc into
:func:`native_dir` (default ``build/native`` at the repository root; ``CKG_NATIVE_DIR``
overrides) next to a manifest holding the SHA-256 of every source it compiled. When the
package is imported, :func:`install` puts a finder in front of the import system that loads
those modules from the build, but only if

* ``CKG_NATIVE`` is not ``0``,
* the build is for this interpreter (its extension-module suffix), and
* every compiled source is byte-for-byte the source on disk now.

Otherwise every module comes from its source: a compiled module calls the other compiled
modules of its build directly (not through the import system), so a build is used whole or
not at all. An edited source therefore takes effect at once; the build is only faster.
The compiled and the pure-Python extraction give byte-identical graphs
(tests/ingest/test_native.py).
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

#: the modules compiled (the rule stages and the graph writer; loaders and I/O stay Python)
MODULES = (
    "ingest.normalize", "ingest.sentences", "ingest.tokens", "ingest.lexicon", "ingest.entities",
    "ingest.numbers", "ingest.dates", "ingest.modality", "ingest.event_types", "ingest.events", "ingest.rdf",
)
MANIFEST = "manifest.json"
ROOT = Path(__file__).resolve().parent.parent

log = logging.getLogger(__name__)


def native_dir() -> Path:
    return Path(os.environ.get("CKG_NATIVE_DIR") or ROOT / "build" / "native")


def source_path(module: str) -> Path:
    return ROOT.joinpath(*module.split(".")).with_suffix(".py")


def source_digest(module: str) -> str:
    return hashlib.sha256(source_path(module).read_bytes()).hexdigest()


@dataclass(frozen=True)
class Status:
    """What :func:`check` found: ``files`` (module -> compiled file) when the build is usable,
    else empty with ``reason`` saying why not."""

    files: dict[str, Path]
    reason: str

    @property
    def usable(self) -> bool:
        return bool(self.files)


def check(directory: Path | None = None) -> Status:
    """Whether the build in ``directory`` (default :func:`native_dir`) can stand in for the
    sources, and its files."""
    if os.environ.get("CKG_NATIVE", "1") == "0":
        return Status({}, "CKG_NATIVE=0")
    directory = directory or native_dir()
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Status({}, f"no build in {directory}")
    except (OSError, ValueError) as e:
        return Status({}, f"unreadable manifest in {directory}: {e}")
    try:
        return _check(directory, manifest)
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        return Status({}, f"malformed manifest in {directory}: {type(e).__name__}: {e}")


def _check(directory: Path, manifest: dict) -> Status:
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    if manifest.get("suffix") != suffix:
        return Status({}, f"built for {manifest.get('suffix')}, this interpreter loads {suffix}")
    modules: dict = manifest.get("modules", {})
    if set(modules) != set(MODULES):
        return Status({}, "the build compiled other modules than ingest.native.MODULES")
    stale = [m for m, entry in modules.items() if entry.get("sha256") != source_digest(m)]
    if stale:
        return Status({}, f"sources changed since the build: {', '.join(sorted(stale))}")
    files = {m: directory / entry["file"] for m, entry in modules.items()}
    files[manifest["runtime"]] = directory / manifest["runtime_file"]
    missing = [str(f) for f in files.values() if not f.is_file()]
    if missing:
        return Status({}, f"missing compiled files: {', '.join(missing)}")
    return Status(files, "")


class _Finder(importlib.abc.MetaPathFinder):
    """Finds exactly the compiled modules of one build (and its shared runtime library)."""

    def __init__(self, files: dict[str, Path]):
        self.files = files

    def find_spec(self, name, path=None, target=None):
        file = self.files.get(name)
        if file is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(name, str(file))
        return importlib.util.spec_from_file_location(name, str(file), loader=loader)


_STATUS: Status | None = None


def install() -> Status:
    """Check the build once per process and, if usable, load the compiled modules from it.
    Called by ``ingest/__init__.py`` before any stage is imported."""
    global _STATUS
    if _STATUS is None:
        _STATUS = check()
        if _STATUS.usable:
            sys.meta_path.insert(0, _Finder(_STATUS.files))
        elif not _STATUS.reason.startswith(("no build", "CKG_NATIVE")):
            log.warning("ingest: not using the compiled build (%s); running the sources "
                        "(`make install` rebuilds it)", _STATUS.reason)
    return _STATUS


def active() -> bool:
    """True when the stages run compiled in this process."""
    return all(getattr(sys.modules.get(m), "__file__", "").endswith(".so") for m in MODULES if m in sys.modules) \
        and _STATUS is not None and _STATUS.usable
