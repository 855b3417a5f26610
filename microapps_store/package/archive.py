"""Reading a `.mapp` zip as untrusted input, and writing one reproducibly.

Everything is checked from the central directory before a byte is inflated: the archive's
size, the number of members, every name (no absolute paths, drive letters, `..`, backslashes
or control characters, no symbolic links, no names given twice, not even in another case) and
the unpacked sizes and compression ratios a zip bomb would need. The archive must also be
exactly a zip: its first local file header at offset 0 and nothing after the end-of-central-
directory record, so no bytes ride along (a script before the zip, a payload after it) that
the sha256 covers but no check reads. Members are then read with a hard cap, so a header that
lies about its size gains nothing. Nothing is ever written to disk here: the result is a
name → bytes mapping.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass

from microapps_store.errors import PackageError, PackageProblem, PackageTooLarge, single

SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")
LOCAL_HEADER = b"PK\x03\x04"
END_OF_DIRECTORY = b"PK\x05\x06"
END_RECORD_BYTES = 22
MAX_COMMENT_BYTES = 65_535
FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Limits:
    """How big a package may be; the defaults hold a few hundred blocks many times over."""

    archive_bytes: int = 10 * 1024 * 1024
    files: int = 200
    file_bytes: int = 5 * 1024 * 1024
    total_bytes: int = 50 * 1024 * 1024
    ratio: int = 100
    ratio_floor_bytes: int = 64 * 1024


DEFAULT_LIMITS = Limits()


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name could escape the package's folder or confuse a file system."""
    if not name:
        return "an empty name"
    if "\\" in name:
        return "a backslash (Windows path separator)"
    if name.startswith("/"):
        return "an absolute path"
    if re.match(r"^[A-Za-z]:", name):
        return "a drive letter"
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        return "a control character"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "a '..' segment (it would write outside the package)"
    if any(part in ("", ".") for part in parts):
        return "an empty or '.' segment"
    if not all(SEGMENT.match(part) for part in parts):
        return "characters other than letters, digits, '_', '-' and '.'"
    return None


def _member_problems(infos: list[zipfile.ZipInfo]) -> list[PackageProblem]:
    problems: list[PackageProblem] = []
    seen: dict[str, str] = {}
    for info in infos:
        name = info.filename
        reason = unsafe_name_reason(name)
        if reason is not None:
            problems.append(PackageProblem("unsafe_path", f"The file name '{name}' has {reason}.",
                                           name))
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            problems.append(PackageProblem("symlink", f"'{name}' is a symbolic link; packages "
                                           "hold plain files only.", name))
        if info.flag_bits & 0x1:
            problems.append(PackageProblem("encrypted", f"'{name}' is encrypted; packages are "
                                           "not.", name))
        folded = name.rstrip("/").casefold()
        if folded in seen:
            problems.append(PackageProblem("duplicate_name", f"'{name}' is in the archive twice"
                                           + ("" if seen[folded] == name else
                                              f" (also as '{seen[folded]}')") + ".", name))
        seen.setdefault(folded, name)
    return problems


def _size_checks(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    files = [info for info in infos if not info.is_dir()]
    if len(infos) > limits.files:
        raise single("too_many_files", f"The package has {len(infos)} files; at most "
                     f"{limits.files} are allowed.", error=PackageTooLarge)
    for info in files:
        if info.file_size > limits.file_bytes:
            raise single("file_too_large", f"'{info.filename}' unpacks to {info.file_size} bytes; "
                         f"at most {limits.file_bytes} per file.", info.filename,
                         error=PackageTooLarge)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.ratio:
            raise single("zip_bomb", f"'{info.filename}' is compressed {ratio:.0f} times (at most "
                         f"{limits.ratio}); refusing a possible zip bomb.", info.filename,
                         error=PackageTooLarge)
    total = sum(info.file_size for info in files)
    if total > limits.total_bytes:
        raise single("too_large_unpacked", f"The package unpacks to {total} bytes; at most "
                     f"{limits.total_bytes}.", error=PackageTooLarge)
    packed = sum(info.compress_size for info in files)
    if total > limits.ratio_floor_bytes and total / max(packed, 1) > limits.ratio:
        raise single("zip_bomb", f"The package is compressed {total / max(packed, 1):.0f} times "
                     f"overall (at most {limits.ratio}); refusing a possible zip bomb.",
                     error=PackageTooLarge)


def _ends_with_directory_record(data: bytes) -> bool:
    """Whether an end-of-central-directory record (with its comment) ends the data exactly."""
    floor = max(0, len(data) - END_RECORD_BYTES - MAX_COMMENT_BYTES)
    position = data.rfind(END_OF_DIRECTORY, floor)
    while position >= floor:
        record = data[position:position + END_RECORD_BYTES]
        if len(record) == END_RECORD_BYTES:
            comment_bytes = int.from_bytes(record[20:22], "little")
            if position + END_RECORD_BYTES + comment_bytes == len(data):
                return True
        position = data.rfind(END_OF_DIRECTORY, floor, position)
    return False


def _check_framing(data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    first_header = min((info.header_offset for info in infos), default=0)
    starts_right = data.startswith(LOCAL_HEADER) if infos else data.startswith(END_OF_DIRECTORY)
    if not starts_right or first_header != 0:
        raise single("bytes_before_zip", "The package has bytes before its first file; a .mapp "
                     "is a plain zip archive and nothing else.")
    if not _ends_with_directory_record(data):
        raise single("bytes_after_zip", "The package has bytes after the zip's end record; a "
                     ".mapp is a plain zip archive and nothing else.")


def read_members(data: bytes, limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """The archive's files by name, after every check; raises PackageError saying what is wrong."""
    if len(data) > limits.archive_bytes:
        raise single("archive_too_large", f"The package is {len(data)} bytes; at most "
                     f"{limits.archive_bytes} bytes are accepted.", error=PackageTooLarge)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise single("not_a_zip", "This is not a MicroApp package: a .mapp file is a zip "
                     "archive.") from None
    with archive:
        infos = archive.infolist()
        _check_framing(data, infos)
        _size_checks(infos, limits)
        problems = _member_problems(infos)
        if problems:
            raise PackageError(problems[0].code, "The archive is unsafe; nothing was installed: "
                               + problems[0].message, problems=problems)
        return {info.filename: _read(archive, info, limits) for info in infos if not info.is_dir()}


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    try:
        with archive.open(info) as member:
            content = member.read(min(info.file_size, limits.file_bytes) + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        raise single("corrupt_member", f"'{info.filename}' cannot be read: {exc}.",
                     info.filename) from None
    if len(content) != info.file_size:
        raise single("size_mismatch", f"'{info.filename}' does not have the size its header "
                     "claims.", info.filename)
    return content


def write_members(files: dict[str, bytes]) -> bytes:
    """A zip of these files in name order with fixed timestamps: the same input always gives
    the same bytes, so a package's sha256 identifies its content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, FIXED_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
