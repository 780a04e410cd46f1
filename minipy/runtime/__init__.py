"""The runtime: abstract operations, built-in functions and built-in modules."""
