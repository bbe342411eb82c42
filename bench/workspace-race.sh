#!/usr/bin/env bash
# Workspace race benchmark (60 s by default); see src/test/java/io/blufio/bench/WorkspaceRaceBench.java.
exec "$(dirname "$0")/run.sh" WorkspaceRaceBench "$@"
