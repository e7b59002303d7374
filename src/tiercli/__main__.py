"""``python -m tiercli``."""

from tiercli.launch import main

main()
