import sys

from annuaire.cli import main

sys.exit(main())
