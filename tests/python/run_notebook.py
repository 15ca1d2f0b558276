#!/usr/bin/env python3
"""Executes a notebook as Jupyter would (nbclient, Debian's python3-nbclient), in a scratch copy of its directory's
files, and fails on any cell's error. Outputs are not kept: the repository holds the notebook without them."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main():
    notebook = Path(sys.argv[1]).resolve()
    nb = nbformat.read(notebook, as_version=4)
    if any(c.get("outputs") for c in nb.cells if c.cell_type == "code"):
        sys.exit(f"{notebook}: has outputs; the repository keeps notebooks without them")
    with tempfile.TemporaryDirectory() as scratch:
        # The notebook reads ../geneva.yaml: the examples directory, copied, with the notebook one level down.
        examples = Path(scratch) / "examples"
        shutil.copytree(notebook.parent.parent, examples, ignore=shutil.ignore_patterns("cpp", "*.html"))
        workdir = examples / notebook.parent.name
        client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}})
        client.execute()
        cells = sum(1 for c in nb.cells if c.cell_type == "code")
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
        if errors:
            sys.exit(f"{notebook}: {len(errors)} cells raised")
        report = workdir / "geneva.html"
        if not report.exists() or report.stat().st_size < 10000:
            sys.exit(f"{notebook}: the report was not written")
        print(f"{notebook.name}: {cells} code cells ran, report {report.stat().st_size} bytes")


if __name__ == "__main__":
    main()
