#!/bin/sh
# SPDX-License-Identifier: MIT
# setup-units.sh EXAMPLES UNITDIR [DROPINS]: the unit set of the container image (see Containerfile). Copies
# the example units from EXAMPLES (the installed $(libdir)/sockact/examples) into the unit directory UNITDIR
# (/etc/sockact/system in the image), adds the drop-ins found in DROPINS (NAME.socket.d/*.conf, ...) and
# enables every socket unit by linking it into UNITDIR/sockets.target.wants/.
# tests/integration/container-pid1.sh runs this script too, so the test checks the image's units.
set -eu

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
        echo "usage: setup-units.sh EXAMPLES UNITDIR [DROPINS]" >&2
        exit 2
fi
examples=$1 unitdir=$2 dropins=${3:-}

mkdir -p "$unitdir/sockets.target.wants"
for f in "$examples"/*.socket "$examples"/*.service; do
        [ -f "$f" ] || continue
        cp "$f" "$unitdir/"
done
if [ -n "$dropins" ]; then
        for d in "$dropins"/*.d; do
                [ -d "$d" ] || continue
                mkdir -p "$unitdir/${d##*/}"
                cp "$d"/*.conf "$unitdir/${d##*/}/"
        done
fi
n=0
for f in "$unitdir"/*.socket; do
        [ -f "$f" ] || continue
        ln -sf "../${f##*/}" "$unitdir/sockets.target.wants/${f##*/}"
        n=$((n + 1))
done
echo "setup-units.sh: $n socket unit(s) enabled in $unitdir"
