"""Atomic output: write under a temporary name beside the target, then rename into place.

Guarantees (DESIGN "Outputs": never a half-written file):

- The target is replaced only by a complete file; on any failure, Ctrl-C or SIGTERM/SIGHUP (cron
  and systemd time-outs) the temporary file is removed and an existing target is left as it was.
- The new file gets the mode of the file it replaces, or the umask's default for a new one
  (not mkstemp's 0600), so a shared team folder can still read it.
- Temporary files are named ``.<target name>.tiercli-<pid>-<random>.tmp``; those of earlier runs
  whose process is gone (or older than a day) are removed when the same target is written again.
- A target that cannot be written is a user condition (exit 2) with the path and the fix: a
  read-only folder or file, a full disk, a workbook that is open in Excel/WPS/LibreOffice, an
  output that is a device or folder, or one that is an input of the run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import signal
import stat
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType

from tiercli.catalogue import Message, define, msg
from tiercli.errors import InputError, os_reason

MESSAGES = {
    "atomic.is_input": (
        "{option} {target}：这是本次运行的输入文件{shown}；tiercli 从不覆盖输入文件。请换一个输出"
        "文件名，如 -o tiers.xlsx",
        "{option} {target}: this is an input of the run{shown}; tiercli never overwrites its "
        "inputs. Give another output name, e.g. -o tiers.xlsx",
    ),
    "atomic.same_file_as": ("（与 {source} 是同一个文件）", " (the same file as {source})"),
    "atomic.cannot_write": (
        "无法写入 {target}：{reason}；{fix}",
        "cannot write {target}: {reason}; {fix}",
    ),
    "atomic.fix_full": (
        "磁盘已满：请腾出空间，或写到其他路径",
        "the disk is full: free some space, or write to another path",
    ),
    "atomic.fix_read_only_drive": (
        "该文件夹在只读的驱动器上：请写到其他路径",
        "the folder is on a read-only drive: write to another path",
    ),
    "atomic.fix_permission": (
        "没有权限：如果文件正在表格软件中打开，请先关闭；否则请检查是否有权限写入该文件夹，"
        "或写到其他路径",
        "permission denied: if the file is open in Excel, WPS or LibreOffice, close it; "
        "otherwise check that you may write to the folder, or write to another path",
    ),
    "atomic.fix_long_name": (
        "文件名太长：请用 -o 给一个短一些的名称",
        "the file name is too long: give a shorter one with -o",
    ),
    "atomic.fix_other": ("请检查路径，或写到其他路径", "check the path, or write to another path"),
    "atomic.is_folder": (
        "输出 {target} 是一个文件夹；请给出文件名，如 tiers.xlsx",
        "output {target} is a folder; give a file name such as tiers.xlsx",
    ),
    "atomic.not_regular": (
        "输出 {target} 不是普通文件（而是设备或管道）；请给出文件名，如 tiers.xlsx",
        "output {target} is not a regular file (a device or pipe); give a file name such as "
        "tiers.xlsx",
    ),
    "atomic.locked": (
        "无法写入 {target}：文件正在表格软件中打开（锁文件 {lock_name}）。请关闭后重新运行，或写到"
        "其他路径；如果没有人打开它，请删除 {lock}",
        "cannot write {target}: it is open in Excel, WPS or LibreOffice (lock file "
        "{lock_name}). Close it and run again, or write to another path; if nobody has it "
        "open, delete {lock}",
    ),
    "atomic.read_only_file": (
        "无法写入 {target}：文件是只读的。请改为可写（{command}）或写到其他路径",
        "cannot write {target}: the file is read-only. Make it writable ({command}) or write "
        "to another path",
    ),
    "atomic.file_above": (
        "无法写入 {target}：{file_above} 是文件而不是文件夹；请换一个输出路径",
        "cannot write {target}: {file_above} is a file, not a folder; give another output path",
    ),
    "atomic.cannot_create_folder": (
        "无法创建输出文件夹 {folder}：{reason}；{fix}",
        "cannot create the output folder {folder}: {reason}; {fix}",
    ),
}
define(MESSAGES)

STALE_SECONDS = 24 * 3600  # a temp file this old is an earlier run's even if its pid is reused
_OURS = re.compile(r"^\.(?P<name>.+)\.tiercli-(?P<pid>[0-9]+)-[0-9a-f]+\.tmp$")
# mkstemp names of tiercli < 0.2 (".<name>.<8 random chars>.tmp"), removed once a day old.
_LEGACY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


class Terminated(SystemExit):
    """Raised by the SIGTERM/SIGHUP handler inside :func:`atomic_paths` so clean-up runs."""


def same_file(a: Path, b: Path) -> bool:
    """True when *a* and *b* are one file (same path, a link to it, a hard link)."""
    try:
        return Path(a).samefile(b)
    except (OSError, ValueError):
        return False


def refuse_inputs(targets: Iterable[Path], inputs: Iterable[Path | None], option: str) -> None:
    """Raise InputError when an output *target* is one of the run's *inputs*.

    Checked before anything is read or written: an output never replaces an input, whether it
    is the same path, a symbolic or hard link to it, or the workbook of a previous run.
    """
    sources = [p for p in inputs if p is not None]
    for target in targets:
        for source in sources:
            if same_file(target, source):
                shown = (
                    ""
                    if str(target) == str(source)
                    else msg("atomic.same_file_as", source=str(source))
                )
                raise InputError(
                    msg("atomic.is_input", option=option, target=str(target), shown=shown)
                )


def umask() -> int:
    """The process umask (read without changing it where /proc allows)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def _fix_for(error: OSError) -> Message:
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return msg("atomic.fix_full")
    if code == errno.EROFS:
        return msg("atomic.fix_read_only_drive")
    if code in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY):
        return msg("atomic.fix_permission")
    if code == errno.ENAMETOOLONG:
        return msg("atomic.fix_long_name")
    return msg("atomic.fix_other")


def os_error(exc: BaseException) -> OSError | None:
    """The OSError behind *exc* (writers such as xlsxwriter wrap it), if there is one."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, OSError):
            return item
        todo.extend([item.__cause__, item.__context__, *item.args])
    return None


def write_error(target: Path, error: OSError) -> InputError:
    """The exit-2 message for an output that cannot be written."""
    return InputError(
        msg(
            "atomic.cannot_write",
            target=str(target),
            reason=os_reason(error),
            fix=_fix_for(error),
        )
    )


def _check_target(target: Path) -> None:
    if target.is_dir():
        raise InputError(msg("atomic.is_folder", target=str(target)))
    if target.exists() and not target.is_file():
        raise InputError(msg("atomic.not_regular", target=str(target)))
    for lock in (target.with_name(f"~${target.name}"), target.with_name(f".~lock.{target.name}#")):
        if lock.exists():
            raise InputError(
                msg("atomic.locked", target=str(target), lock_name=lock.name, lock=str(lock))
            )
    if target.is_file() and not target.stat().st_mode & (
        stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    ):
        raise InputError(msg("atomic.read_only_file", target=str(target), command="chmod u+w"))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def remove_stale(folder: Path, name: str) -> list[Path]:
    """Remove temporary files of earlier runs writing *name* in *folder*; return them."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        if not path.name.startswith(f".{name}."):
            continue
        ours, legacy = _OURS.match(path.name), _LEGACY.match(path.name)
        try:
            age = now - path.lstat().st_mtime
        except OSError:
            continue
        if ours and ours["name"] == name:
            stale = not _pid_alive(int(ours["pid"])) or age > STALE_SECONDS
        elif legacy and legacy["name"] == name:
            stale = age > STALE_SECONDS
        else:
            continue
        if stale:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated` (so ``finally`` runs)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is None:
            continue
        old = signal.getsignal(sig)
        if old in (signal.SIG_DFL, None):  # leave handlers the host program installed alone
            previous[sig] = old
            signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old or signal.SIG_DFL)


@contextlib.contextmanager
def atomic_paths(targets: list[Path]) -> Iterator[list[Path]]:
    """Yield one temporary path per target; when the block succeeds, rename each into place.

    All targets are checked before anything is written, so a run writes all its files or none
    of them. Folders are created when missing. OSErrors become :class:`InputError` naming the
    path and the fix.
    """
    temps: list[Path] = []
    with _terminate_as_exit():
        try:
            for target in targets:
                _check_target(target)
                folder = target.parent if str(target.parent) else Path()
                file_above = next((p for p in [folder, *folder.parents] if p.is_file()), None)
                if file_above is not None:
                    raise InputError(
                        msg("atomic.file_above", target=str(target), file_above=str(file_above))
                    )
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise InputError(
                        msg(
                            "atomic.cannot_create_folder",
                            folder=str(folder),
                            reason=os_reason(exc),
                            fix=_fix_for(exc),
                        )
                    ) from None
                remove_stale(folder, target.name)
                tmp = folder / f".{target.name}.tiercli-{os.getpid()}-{secrets.token_hex(4)}.tmp"
                try:
                    tmp.touch(mode=0o600, exist_ok=False)
                except OSError as exc:
                    raise write_error(target, exc) from None
                temps.append(tmp)
            yield list(temps)
            for target, tmp in zip(targets, temps, strict=True):
                mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o666 & ~umask()
                tmp.chmod(mode)
            for target, tmp in zip(targets, temps, strict=True):
                tmp.replace(target)
        except BaseException as exc:
            for tmp in temps:
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)
            if isinstance(exc, InputError):
                raise
            cause = os_error(exc) if isinstance(exc, Exception) else None
            if cause is not None:
                named = {str(t): target for t, target in zip(temps, targets, strict=False)}
                target = named.get(str(cause.filename), targets[0] if targets else Path())
                raise write_error(target, cause) from None
            raise


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in *target*'s folder; on success rename it over *target*.

    See :func:`atomic_paths`.
    """
    with atomic_paths([target]) as temps:
        yield temps[0]
