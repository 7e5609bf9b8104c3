# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""`python -m salesman_events`: the same as the `salesman-events` command."""

import sys

from .cli import main

sys.exit(main())
