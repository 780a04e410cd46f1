"""``python -m minipy``: the command line."""

from minipy.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
