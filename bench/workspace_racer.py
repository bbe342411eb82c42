#!/usr/bin/env python3
"""Swaps two paths atomically with renameat2(RENAME_EXCHANGE) as fast as it can for a bounded time.

Usage: workspace_racer.py PATH_A PATH_B SECONDS
Prints the number of swaps done. Used by bench/workspace-race.sh and WorkspaceRaceTest (issue 11, item 5):
PATH_A is a directory inside the workspace, PATH_B a symbolic link to a directory outside it.
"""
import ctypes
import os
import sys
import time

AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/fs.h

libc = ctypes.CDLL(None, use_errno=True)
renameat2 = libc.renameat2  # glibc >= 2.28
renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
renameat2.restype = ctypes.c_int

a, b, seconds = os.fsencode(sys.argv[1]), os.fsencode(sys.argv[2]), float(sys.argv[3])
end = time.monotonic() + seconds
swaps = 0
while time.monotonic() < end:
    for _ in range(200):
        if renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0:
            err = ctypes.get_errno()
            sys.exit("renameat2 failed: " + os.strerror(err))
        swaps += 1
print(swaps, flush=True)
