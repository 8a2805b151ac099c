"""Allow ``python -m finder``."""

import sys

from finder.cli.main import main

sys.exit(main())
