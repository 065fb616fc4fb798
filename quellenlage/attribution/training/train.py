"""`quellenlage train attribution`: where a model may be written, then the seeded recipe (fit.train).

A model trained on the Wikinews quotations inherits CC BY-NC-SA 4.0 and must never ship: it needs an explicit
--out outside the installed package, and its folder gets a LICENSE saying so. The shipped model is trained on
GePaDe-SpkAtt (CC BY-SA 4.0) and goes to quellenlage/models/attribution by default.
"""
from __future__ import annotations

from pathlib import Path

from . import corpora

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the quellenlage package folder


class TrainingError(ValueError):
    pass


def target_folder(fmt: str, out: Path | None) -> Path:
    from .fit import PACKAGE_MODEL

    if fmt not in corpora.FORMATS:
        raise TrainingError(f"unknown format {fmt!r}: one of {', '.join(corpora.FORMATS)}")
    if fmt == "spkatt":
        return Path(out) if out is not None else PACKAGE_MODEL
    if out is None:
        raise TrainingError("--format wikinews needs --out DIR: a model trained on CC BY-NC-SA data must not go "
                            "into the package")
    target = Path(out).expanduser().resolve()
    if target == PACKAGE_ROOT or PACKAGE_ROOT in target.parents:
        raise TrainingError(f"{out} is inside the installed package ({PACKAGE_ROOT}); a model trained on the "
                            "Wikinews quotations (CC BY-NC-SA 4.0) must never ship: write it elsewhere")
    return target


def run_training(data: Path, fmt: str, out: Path | None = None, seed: int = 13, log=print, **kw) -> dict:
    from .fit import train

    target = target_folder(fmt, out)
    data = Path(data)
    if not data.is_dir():
        raise TrainingError(f"no corpus folder {data}")
    return train(data, fmt, target, seed=seed, log=log, **kw)
