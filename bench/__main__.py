"""`python -m bench [--quick] [--reps N] ...`: the same as `rag bench`."""

import sys

from bench.runner import main

sys.exit(main())
