"""`python -m eval.bench [--quick] [--reps N] ...`: the same as `rag bench`."""

import sys

from eval.bench.runner import main

sys.exit(main())
