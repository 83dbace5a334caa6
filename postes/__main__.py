"""`python -m postes` is the `postes` command."""

import sys

from postes.cli import main

sys.exit(main())
