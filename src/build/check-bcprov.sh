#!/usr/bin/env bash
# Build step (pom.xml, package phase): checks that the distribution's trimmed bcprov jar ($1) still holds every
# class that blufio's Argon2 ($2/io/blufio/vault/Argon2.class, the only user of Bouncy Castle) reaches, as jdeps
# sees the class graph (-R: recursively). A Bouncy Castle upgrade that moves a class to another package fails
# here, at build time, instead of as a NoClassDefFoundError when a passphrase vault is opened.
set -euo pipefail
jar="$1"
classes="$2"
out="$("$JAVA_HOME/bin/jdeps" -R -verbose:class --multi-release 21 -cp "$jar:$classes" "$classes/io/blufio/vault/Argon2.class" 2>&1)"
missing="$(grep -E -- '-> org\.bouncycastle\.[^ ]+ +not found' <<<"$out" || true)"
if [ -n "$missing" ]; then
    echo "check-bcprov: the trimmed $jar lacks classes Argon2 needs; add their packages to the includes in pom.xml:" >&2
    echo "$missing" >&2
    exit 1
fi
reached="$(grep -cE -- '-> org\.bouncycastle\.' <<<"$out" || true)"
[ "$reached" -gt 0 ] || { echo "check-bcprov: jdeps saw no Bouncy Castle class from Argon2; output:" >&2; echo "$out" | tail -5 >&2; exit 1; }
