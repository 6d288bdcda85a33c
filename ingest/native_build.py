"""Compile the rule stages (:data:`ingest.native.MODULES`) with mypyc into the native build
directory, with the manifest ingest/native.py checks. ``make install`` runs it.

    python -m ingest.native_build [--out DIR] [--opt-level 0-3]

Without mypyc or a C compiler it says so and exits 0: everything still runs from the
sources, only slower. The build is written to a temporary directory and moved into place
whole, so a failed build never leaves a half-written one behind.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ingest.native import MANIFEST, MODULES, ROOT, check, native_dir, source_digest, source_path

RUNTIME = "ingest_native"  # mypyc's shared runtime library is the module ``ingest_native__mypyc``


def build(out: Path, opt_level: str = "3") -> dict:
    """Compile :data:`MODULES` into ``out`` (replaced) and return the manifest written."""
    from mypyc.build import mypycify  # noqa: PLC0415 (build-time only: the `native` extra)
    from setuptools import Distribution

    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    digests = {m: source_digest(m) for m in MODULES}
    with tempfile.TemporaryDirectory(prefix="ckg-native-") as tmp:
        work = Path(tmp)
        cwd = Path.cwd()
        os.chdir(ROOT)  # mypyc names modules after paths relative to the working directory
        try:
            paths = [str(source_path(m).relative_to(ROOT)) for m in MODULES]
            extensions = mypycify(paths, opt_level=opt_level, group_name=RUNTIME, target_dir=str(work / "c"))
            dist = Distribution({"name": "ckg-native", "ext_modules": extensions})
            dist.verbose = 0  # (one line per compiler call otherwise)
            cmd = dist.get_command_obj("build_ext")
            cmd.build_lib, cmd.build_temp, cmd.inplace = str(work / "lib"), str(work / "tmp"), False
            cmd.ensure_finalized()
            cmd.run()
        finally:
            os.chdir(cwd)
        if {m: source_digest(m) for m in MODULES} != digests:
            raise RuntimeError("a source changed during the build; run it again")
        lib = work / "lib"
        modules = {m: {"file": str(Path(*m.split(".")).with_suffix(suffix)), "sha256": digests[m]} for m in MODULES}
        runtime_file = f"{RUNTIME}__mypyc{suffix}"
        for f in [e["file"] for e in modules.values()] + [runtime_file]:
            if not (lib / f).is_file():
                raise RuntimeError(f"mypyc did not produce {f}")
        manifest = {
            "suffix": suffix,
            "python": sys.version,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "opt_level": opt_level,
            "runtime": f"{RUNTIME}__mypyc",
            "runtime_file": runtime_file,
            "modules": modules,
        }
        (lib / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        staged = out.with_name(out.name + ".new")
        shutil.rmtree(staged, ignore_errors=True)
        shutil.copytree(lib, staged)
        shutil.rmtree(out, ignore_errors=True)
        staged.rename(out)
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.native_build", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="build directory (default: CKG_NATIVE_DIR or build/native)")
    ap.add_argument("--opt-level", default="3", choices=list("0123"))
    ap.add_argument("--if-stale", action="store_true", help="only if the build is missing or its sources changed")
    args = ap.parse_args(argv)
    out = args.out or native_dir()
    if args.if_stale and check(out).usable:
        print(f"ingest.native_build: {out} is up to date", file=sys.stderr)
        return 0
    try:
        import mypyc  # noqa: F401
    except ImportError:
        print("ingest.native_build: mypyc is not installed (pip install -e '.[native]'); "
              "the stages run from their sources", file=sys.stderr)
        return 0
    if shutil.which(os.environ.get("CC", "cc")) is None:
        print("ingest.native_build: no C compiler; the stages run from their sources", file=sys.stderr)
        return 0
    t = time.perf_counter()
    try:
        manifest = build(out, args.opt_level)
    except (Exception, SystemExit) as e:  # noqa: BLE001 - mypy, setuptools and the compiler raise many types
        print(f"ingest.native_build: the build failed ({type(e).__name__}: {e}); {out} is unchanged",
              file=sys.stderr)
        return 1
    print(f"ingest.native_build: compiled {len(manifest['modules'])} modules into {out} "
          f"in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
