"""Allow ``python -m finder``."""

import sys

from finder.cli.main import entry

sys.exit(entry())
