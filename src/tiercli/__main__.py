"""``python -m tiercli``."""

from tiercli.cli import main

main()
