"""ciodesim from Python (notebooks, scripts): run the simulator through its command line and
load what it wrote as pandas DataFrames.

    import ciodesim
    r = ciodesim.run("experiments/examples/alexnet.toml", "results/alexnet",
                     policy="mbeb", sets={"network.bandwidth.D3": "20Mbps"})
    r.queries.groupby("policy").latency_s.mean()
    r = ciodesim.load("results/alexnet")          # .queries .uploads .locks .summary .meta

Figures: ciodesim.plots (timeline, sweep, fig4, fig5, fig6, table2), each drawing into
matplotlib axes; the scripts in plots/ are thin command lines over them.
"""
from .results import Results, load
from .runner import CiodesimError, binary, run, sweep

__all__ = ["Results", "load", "run", "sweep", "binary", "CiodesimError"]
