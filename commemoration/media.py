"""What a stored file's name may be, for anything that takes one from outside the storage
(a URL, a backup archive)."""


def is_plain_name(name):
    """A relative path of plain parts: no empty, "." or ".." part, no backslash, no NUL."""
    return (
        "\x00" not in name
        and "\\" not in name
        and all(part not in {"", ".", ".."} for part in name.split("/"))
    )
