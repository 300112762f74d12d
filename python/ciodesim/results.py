"""The outputs of `ciodesim run` or `ciodesim sweep` as DataFrames, read when first used."""
import json
import os

import pandas as pd


class Results:
    """A run's (or a merged sweep's) directory. DataFrames: `.queries`, `.uploads`, `.locks`
    (a sweep's per-point locks are in its points/), `.summary`; `.meta` is run.json as a dict
    (a sweep: None), `.points` a sweep's grid (a run: None). `.swept` names the swept keys."""

    def __init__(self, directory):
        self.dir = str(directory)
        if not os.path.isfile(os.path.join(self.dir, "summary.csv")):
            raise FileNotFoundError(f"{self.dir}/summary.csv: not the output directory of ciodesim run or sweep")
        self._cache = {}

    def _csv(self, name):
        if name not in self._cache:
            path = os.path.join(self.dir, f"{name}.csv")
            # keys and names stay text (a swept "20Mbps", a requester "D1/r0"); numbers parse
            self._cache[name] = pd.read_csv(path, dtype={"seed": "uint64"}) if os.path.isfile(path) else None
        return self._cache[name]

    @property
    def queries(self):
        return self._csv("queries")

    @property
    def uploads(self):
        return self._csv("uploads")

    @property
    def locks(self):
        return self._csv("locks")

    @property
    def summary(self):
        return self._csv("summary")

    @property
    def points(self):
        return self._csv("points")

    @property
    def meta(self):
        path = os.path.join(self.dir, "run.json")
        if not os.path.isfile(path):
            return None
        with open(path) as f:
            return json.load(f)

    @property
    def swept(self):
        """The swept keys: the summary's columns between `point` and `run` (none for a run)."""
        cols = list(self.summary.columns)
        return cols[1:cols.index("run")] if cols and cols[0] == "point" else []

    def requesters(self):
        """summary rows of requesters only (no background actors, no all-requesters row)."""
        s = self.summary
        return s[(s.requester != "all") & (s.policy != "local")]

    def __repr__(self):
        return f"ciodesim.Results({self.dir!r})"


def load(directory):
    """Results of `ciodesim run` or `ciodesim sweep` in DIRECTORY."""
    return Results(directory)
