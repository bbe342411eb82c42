#!/bin/sh
# Installs blufio as a systemd service on this machine (run as root from the unpacked distribution,
# target/blufio-<version>/, or from the repository after `mvn -B package`):
#   - the distribution in /opt/blufio, the system user and group blufio
#   - /etc/blufio (config 0640 root:blufio, secrets env file 0600 blufio), /var/lib/blufio (0700 blufio),
#     /var/backups/blufio (0700 blufio)
#   - the units blufio.service, blufio-backup.service, blufio-backup.timer; enables the timer
# It does not start blufio: put the API key in /etc/blufio/blufio.env first, then systemctl enable --now blufio.
set -eu
[ "$(id -u)" = 0 ] || { echo "install.sh: run as root" >&2; exit 1; }
here="$(cd "$(dirname "$0")" && pwd)"
dist="$(dirname "$here")"
if [ ! -x "$dist/bin/blufio" ] && [ -d "$dist/target" ]; then dist="$(ls -d "$dist"/target/blufio-*/ | head -n 1)"; fi
[ -x "$dist/bin/blufio" ] || { echo "install.sh: no bin/blufio under $dist; build it with mvn -B package" >&2; exit 1; }

getent group blufio >/dev/null || groupadd --system blufio
getent passwd blufio >/dev/null || useradd --system --gid blufio --home-dir /var/lib/blufio --no-create-home --shell /usr/sbin/nologin blufio

install -d -m 0755 /opt/blufio
cp -R "$dist"/. /opt/blufio/
chmod 0755 /opt/blufio/bin/blufio /opt/blufio/contrib/hooks/pre-start /opt/blufio/contrib/hooks/post-stop /opt/blufio/contrib/backup.sh
install -d -m 0750 -o root -g blufio /etc/blufio
[ -e /etc/blufio/blufio.toml ] || install -m 0640 -o root -g blufio /dev/null /etc/blufio/blufio.toml
[ -e /etc/blufio/blufio.env ] || { install -m 0600 -o blufio -g blufio /dev/null /etc/blufio/blufio.env; \
    printf '# ANTHROPIC_API_KEY=...\n# TELEGRAM_BOT_TOKEN=...\n# BLUFIO_VAULT_KEY=...\n' > /etc/blufio/blufio.env; }
install -d -m 0700 -o blufio -g blufio /var/lib/blufio /var/backups/blufio

install -m 0644 /opt/blufio/contrib/blufio.service /opt/blufio/contrib/blufio-backup.service /opt/blufio/contrib/blufio-backup.timer /etc/systemd/system/
systemctl daemon-reload
systemctl enable blufio-backup.timer
echo "installed. Next: edit /etc/blufio/blufio.env and /etc/blufio/blufio.toml, then: systemctl enable --now blufio"
echo "check it:  sudo -u blufio BLUFIO_DATA_DIR=/var/lib/blufio /opt/blufio/bin/blufio doctor"
