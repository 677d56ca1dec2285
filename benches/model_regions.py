"""The console's `aws` partition regions, read from src/model/regions.rs so
that the benchmark sweeps the regions the console would."""

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "model" / "regions.rs"


def aws_partition():
    return re.findall(r'\("([a-z0-9-]+)", Partition::Aws\)', SOURCE.read_text())
