#!/usr/bin/env python3
"""Gantt chart of one run: per processor the lock holders (who executes when), per requester
its queries, per node the uploads. Reads RUN_DIR/{locks,queries,uploads}.csv.

usage: timeline.py RUN_DIR [--run N] [--until SECONDS] [--requesters PATTERNS] [--processors PATTERNS]
       (writes RUN_DIR/timeline.png and .pdf; PATTERNS: comma-separated names or shell patterns)
"""
import argparse

from common import load, plots

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--run", type=int, default=0)
parser.add_argument("--until", type=float, default=None)
parser.add_argument("--requesters", default=None)
parser.add_argument("--processors", default=None)
args = parser.parse_args()
fig = plots.timeline(load(args.dir), run=args.run, until=args.until, requesters=args.requesters,
                     processors=args.processors)
plots.save(fig, args.dir, "timeline")
