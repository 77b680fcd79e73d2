"""A file that cannot be written or read, said in Chinese: for the page a user sees when an
upload or an approval fails on storage, for a background job's failure reason, and for the
backup and restore commands. Only filesystem errors count; a refused network connection (also
an ``OSError``) is not a storage problem."""

import errno

_WHY = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "存储为只读",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已满",
    errno.EIO: "磁盘读写出错",
    errno.ENOENT: "目录不存在",
    errno.ENOTDIR: "路径不是目录",
    errno.EISDIR: "路径是一个目录",
    errno.EEXIST: "同名文件已存在",
}


def is_storage_error(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and not isinstance(exc, ConnectionError | TimeoutError) and exc.errno in _WHY


def why(exc: OSError) -> str:
    """"没有写入权限" and the like; the errno's own (English) text never reaches a user."""
    return _WHY.get(exc.errno, "无法读写文件")
