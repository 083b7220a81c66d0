"""Is a folder on a network share? (issue 12 item 12)

SQLite's WAL needs shared memory between every process that opens the file, which a network
file system (SMB, NFS, sshfs…) cannot give across computers: two machines editing one file
in WAL mode can corrupt it. The store uses the rollback journal there instead, which only
needs the share's file locks. Detection is best effort per platform; an unknown answer
counts as local (WAL), as before.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "coda",
        "9p", "ceph", "glusterfs", "lustre", "gfs2", "ocfs2", "davfs", "webdav",
        "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.s3fs", "fuse.glusterfs", "fuse.davfs2",
        "afpfs", "fuse.afpfs", "vboxsf", "prl_fs", "vmhgfs", "fuse.vmhgfs-fuse",
    }
)  # fmt: skip


def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes (\\040)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mount_type_from_mountinfo(mountinfo: str, path: str) -> str | None:
    """The file system type of the mount holding absolute ``path``, from the text of
    ``/proc/self/mountinfo`` (the last, longest matching mount point wins, as the kernel
    stacks mounts); None when no line matches."""
    best: tuple[int, str] | None = None
    for line in mountinfo.splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        mount_point = _unescape(fields[4])
        fstype = line.split(" - ", 1)[1].split()[0]
        inside = mount_point == "/" or path == mount_point or path.startswith(mount_point + "/")
        if inside and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), fstype)
    return best[1] if best else None


def is_network_type(fstype: str | None) -> bool:
    return fstype is not None and (
        fstype.lower() in NETWORK_FILESYSTEMS or fstype.lower().startswith(("nfs", "smb"))
    )


def _linux_type(folder: Path) -> str | None:
    try:
        text = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return mount_type_from_mountinfo(text, str(folder))


def _mac_type(folder: Path) -> str | None:
    """statfs(2)'s f_fstypename on macOS (and f_flags without MNT_LOCAL for any remote)."""
    import ctypes
    import ctypes.util

    class StatFs(ctypes.Structure):
        _fields_ = [  # the layout of struct statfs (64-bit inodes)
            ("f_bsize", ctypes.c_uint32), ("f_iosize", ctypes.c_int32),
            ("f_blocks", ctypes.c_uint64), ("f_bfree", ctypes.c_uint64),
            ("f_bavail", ctypes.c_uint64), ("f_files", ctypes.c_uint64),
            ("f_ffree", ctypes.c_uint64), ("f_fsid", ctypes.c_int32 * 2),
            ("f_owner", ctypes.c_uint32), ("f_type", ctypes.c_uint32),
            ("f_flags", ctypes.c_uint32), ("f_fssubtype", ctypes.c_uint32),
            ("f_fstypename", ctypes.c_char * 16), ("f_mntonname", ctypes.c_char * 1024),
            ("f_mntfromname", ctypes.c_char * 1024), ("f_reserved", ctypes.c_uint32 * 8),
        ]  # fmt: skip

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    function = getattr(libc, "statfs$INODE64", None) or libc.statfs
    result = StatFs()
    if function(os.fsencode(folder), ctypes.byref(result)) != 0:
        return None
    name = result.f_fstypename.decode("ascii", errors="replace")
    mnt_local = 0x00001000
    return name if result.f_flags & mnt_local else f"{name}(remote)"


def _windows_type(folder: Path) -> str | None:
    text = str(folder)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return "unc"
    import ctypes

    drive_remote = 4
    root = os.path.splitdrive(text)[0] + "\\"
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    return "remote" if kernel32.GetDriveTypeW(root) == drive_remote else None


def network_filesystem(folder: Path) -> str | None:
    """The network file system type holding ``folder`` ("nfs4", "cifs", "unc"…), or None
    when it is local or cannot be told."""
    try:
        resolved = Path(folder).resolve()
        if sys.platform.startswith("linux"):
            fstype = _linux_type(resolved)
        elif sys.platform == "darwin":
            fstype = _mac_type(resolved)
        elif sys.platform == "win32":
            fstype = _windows_type(resolved)
        else:
            fstype = None
    except (OSError, ValueError, AttributeError):
        return None
    if fstype in ("unc", "remote") or (fstype or "").endswith("(remote)"):
        return fstype
    return fstype if is_network_type(fstype) else None
