import sys

from smartdesk.cli import main

sys.exit(main())
