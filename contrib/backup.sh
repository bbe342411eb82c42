#!/bin/sh
# Daily backup for blufio-backup.service: a consistent online copy (blufio backup, while the daemon runs)
# into BLUFIO_BACKUP_DIR (default /var/backups/blufio), keeping the newest BLUFIO_BACKUP_KEEP copies (default 7).
set -eu
dest="${BLUFIO_BACKUP_DIR:-/var/backups/blufio}"
keep="${BLUFIO_BACKUP_KEEP:-7}"
blufio="${BLUFIO_BIN:-/opt/blufio/bin/blufio}"
mkdir -p "$dest"
"$blufio" backup "$dest/blufio-$(date -u +%Y%m%dT%H%M%SZ).db"
# retention: names sort by time; delete all but the newest $keep (never touches *.tmp of a running backup)
ls -1 "$dest"/blufio-*.db 2>/dev/null | sort -r | tail -n +"$((keep + 1))" | while read -r old; do rm -f -- "$old"; done
