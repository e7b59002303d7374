"""tiercli: customer tiers from a foreign-trade team's customer, order and inquiry exports."""

from __future__ import annotations

import os

__version__ = "0.1.0"

# tiercli's matrix work is tiny (the CLV fit's 4×4 quasi-Newton steps): a multi-threaded BLAS
# only adds thread hand-offs, which cost 2-3 ms a step on a busy 2-core machine (the BG/NBD
# fit at 50k customers: 1.0 s threaded, 0.25 s single). Set before numpy loads its BLAS; a
# value the user set is kept, and nothing changes if numpy was imported first.
# Not OMP_NUM_THREADS: OpenBLAS reads its own variable first, and Arrow sizes its thread pool
# by OMP_NUM_THREADS — set to 1, it read files and ran kernels on one core of two.
for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
