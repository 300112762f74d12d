"""Running the ciodesim binary: every call goes through the command line, so Python sees
exactly what `ciodesim run` does (same validation, same files, same determinism)."""
import json
import os
import shutil
import subprocess

from .results import load


class CiodesimError(RuntimeError):
    """ciodesim exited non-zero; `.stderr` holds its message (one `error: ...` line for bad input)."""

    def __init__(self, command, code, stderr):
        self.command, self.code, self.stderr = command, code, stderr
        super().__init__(stderr.strip() or f"{command[0]} exited with code {code}")


def binary():
    """The ciodesim executable: $CIODESIM_BIN, the one this package was installed with, the
    checkout's build/ciodesim, else `ciodesim` on PATH."""
    if os.environ.get("CIODESIM_BIN"):
        return os.environ["CIODESIM_BIN"]
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        from ._installed import BIN  # written by cmake --install
        if os.access(BIN, os.X_OK):
            return BIN
    except ImportError:
        pass
    checkout = os.path.join(here, "..", "..", "build", "ciodesim")
    if os.access(checkout, os.X_OK):
        return os.path.normpath(checkout)
    found = shutil.which("ciodesim")
    if found:
        return found
    raise CiodesimError(["ciodesim"], 127, "ciodesim binary not found: set CIODESIM_BIN or install it")


def toml_value(value):
    """A Python value as the TOML text `--set` reads: strings are always quoted, so that
    '20Mbps' stays a string and '20' is not silently a number."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot pass {type(value).__name__} {value!r} as a config value")


def set_args(sets, overrides):
    """`sets` (dotted keys) and keyword overrides (`__` for dots) as --set arguments."""
    merged = dict(sets or {})
    merged.update({k.replace("__", "."): v for k, v in overrides.items()})
    args = []
    for key, value in merged.items():
        args += ["--set", f"{key}={toml_value(value)}"]
    return args


def call(args, quiet=True):
    command = [binary()] + args + (["--quiet"] if quiet else [])
    done = subprocess.run(command, stdout=None if not quiet else subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise CiodesimError(command, done.returncode, done.stderr)
    return done


def run(config, out, seed=None, sets=None, quiet=True, **overrides):
    """`ciodesim run CONFIG --out OUT`; keyword arguments become `--set key=value`
    (`requester__0__queries=50` for requester.0.queries, or give dotted keys in `sets`).
    Returns load(out). Raises CiodesimError with ciodesim's message on failure."""
    args = ["run", str(config), "--out", str(out)] + set_args(sets, overrides)
    if seed is not None:
        args += ["--seed", str(int(seed))]
    call(args, quiet)
    return load(out)


def sweep(config, out, jobs=2, sets=None, quiet=True, **overrides):
    """`ciodesim sweep CONFIG --out OUT --jobs N`; returns load(out) (the merged CSVs)."""
    call(["sweep", str(config), "--out", str(out), "--jobs", str(int(jobs))] + set_args(sets, overrides), quiet)
    return load(out)
