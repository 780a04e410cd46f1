__all__ = ["pub", "_priv_listed", "lazy"]
pub = 1
_priv_listed = 2
other = 3
def __getattr__(name):
    if name == "lazy":
        return "made lazily"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
