import sys

from splint.linter.cli import main

sys.exit(main())
