"""``python -m passaparola.dev.bench run --items N`` (and the child builds it starts)."""

import sys

from passaparola.dev.bench.cli import main

sys.exit(main())
