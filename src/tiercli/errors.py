"""Typed errors. ``cli.main`` turns any :class:`TiercliError` into ``Error: …`` (``错误：…``)
and exit code 2.

An error says what it says as catalogue messages (:func:`tiercli.catalogue.msg`): a sentence
and, below it, a detail per line (a config's problems, one per key), each rendered in the
reader's language when shown; ``str(error)`` is the English.
"""

from __future__ import annotations

import difflib
import errno
from collections.abc import Iterable

from tiercli.catalogue import Both, Message, define, msg, pick

Said = Message | Both | str
"""What an error says: a catalogue message, or a text in both languages (a plain string is the
same in both: a path, or what a library said)."""


def _said(part: Said, lang: str) -> str:
    if isinstance(part, Both):
        return pick(part, lang)
    return part if isinstance(part, str) else part.render(lang)


class TiercliError(Exception):
    """A problem the user can fix (bad input or config): exit code 2, no traceback."""

    exit_code = 2

    def __init__(self, message: Said, *details: Said) -> None:
        self.message = message
        self.details = details
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        """The error in *lang*: its sentence, then each detail on an indented line."""
        return "\n  ".join(_said(part, lang) for part in (self.message, *self.details))


class ConfigError(TiercliError):
    """The YAML config is wrong: the message names the file, the YAML path and the fix."""


class InputError(TiercliError):
    """An input file cannot be used: the message names the file, what was found and the fix."""


class Invalid(ValueError):
    """A value a config check refuses (raised inside the config models; pydantic keeps it and
    :mod:`tiercli.config.loader` shows it under its YAML path). *at*: the key inside the
    section the message is about (``levels``), added to the path."""

    def __init__(self, message: Message, at: str = "") -> None:
        self.message = message
        self.at = at
        super().__init__(f"{at}: {message}" if at else str(message))


MESSAGES = {
    "errors.did_you_mean": ("是否想写“{choice}”？", " Did you mean '{choice}'?"),
    "errors.os_other": ("{reason}", "{reason}"),
}
# What the system said, in both languages, for the conditions a user meets (``strerror``'s
# English words otherwise).
_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("没有权限", "Permission denied"),
    errno.EPERM: ("不允许此操作", "Operation not permitted"),
    errno.ENOENT: ("文件或文件夹不存在", "No such file or directory"),
    errno.ENOSPC: ("磁盘空间不足", "No space left on device"),
    errno.EDQUOT: ("超出磁盘配额", "Disk quota exceeded"),
    errno.EROFS: ("只读的文件系统", "Read-only file system"),
    errno.EBUSY: ("设备或资源忙", "Device or resource busy"),
    errno.EISDIR: ("是一个文件夹", "Is a directory"),
    errno.ENOTDIR: ("不是文件夹", "Not a directory"),
    errno.EEXIST: ("文件已存在", "File exists"),
    errno.ENAMETOOLONG: ("文件名太长", "File name too long"),
    errno.EMFILE: ("打开的文件太多", "Too many open files"),
    errno.EIO: ("输入输出错误", "Input/output error"),
    errno.ETXTBSY: ("文件正被使用", "Text file busy"),
    errno.EXDEV: ("不能跨设备移动", "Invalid cross-device link"),
    errno.EINVAL: ("参数无效", "Invalid argument"),
}
MESSAGES |= {f"errors.os.{errno.errorcode[n]}": pair for n, pair in _OS_REASONS.items()}
define(MESSAGES)


def os_reason(exc: OSError) -> Message:
    """Why the system refused (*exc*), in both languages: 没有权限 / Permission denied (the
    system's own words, as they are, for a condition not listed)."""
    if exc.errno in _OS_REASONS:
        return msg(f"errors.os.{errno.errorcode[exc.errno]}")
    return msg("errors.os_other", reason=exc.strerror or str(exc))


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> Message | str:
    """`` Did you mean 'x'?`` (是否想写“x”？) for the closest choice, or an empty string."""
    matches = close_matches(word, choices, 1, cutoff)
    return msg("errors.did_you_mean", choice=matches[0]) if matches else ""


def close_matches(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The choices closest to *word* (the one did-you-mean helper of tiercli)."""
    return difflib.get_close_matches(str(word), list(choices), n=n, cutoff=cutoff)
