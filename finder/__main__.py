"""Allow ``python -m finder``."""

import sys

from finder.cli.launch import entry

sys.exit(entry())
