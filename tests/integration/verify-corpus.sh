#!/bin/sh
# `sockactctl verify` on every corpus file: never a crash, a hang, a leak (valgrind) or a usage error;
# the exit code is 0 (loads) or 1 (refused with a diagnostic).
. "$(dirname "$0")/lib.sh"

[ -n "${SOCKACT_CORPUS:-}" ] && [ -d "$SOCKACT_CORPUS" ] || skip "shared corpus not found (configure --with-corpus=DIR)"

# Under valgrind when it is installed, except in a sanitizer build (ASan and valgrind do not mix; ASan's
# leak checker covers that build).
vg=""
if [ -n "${VALGRIND:-}" ] && [ -z "${SANITIZER_CFLAGS:-}" ]; then
        vg="$VALGRIND -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect"
        echo "running under valgrind"
else
        echo "not under valgrind (${SANITIZER_CFLAGS:+sanitizer build}${SANITIZER_CFLAGS:-valgrind not installed})"
fi

check_one() {
        # $1: file to verify (named as a unit), $2: label
        rc=0
        # shellcheck disable=SC2086
        bounded 60 $vg "$SOCKACTCTL" verify --unit-path="$TMP/empty" "$1" >"$TMP/out" 2>&1 || rc=$?
        case $rc in
        0|1) pass ;;
        *) fail "$2: exit $rc"; tail -n 20 "$TMP/out" ;;
        esac
        if [ "$rc" -eq 1 ] && ! grep -q . "$TMP/out"; then
                fail "$2: refused without saying why"
        fi
}

mkdir -p "$TMP/empty" "$TMP/u"
# fuzz-unit-file: the first line is the unit type, the rest the body
for f in "$SOCKACT_CORPUS"/fuzz-unit-file/*; do
        name=$(basename "$f")
        [ "$name" = MANIFEST.tsv ] && continue
        type=$(head -n 1 "$f" | tr -cd 'a-z')
        case $type in socket|service|target|timer|mount|swap|path|automount|scope|slice|device) ;; *) type=service ;; esac
        rm -rf "$TMP/u" && mkdir "$TMP/u"
        tail -n +2 "$f" >"$TMP/u/a.$type"
        check_one "$TMP/u/a.$type" "fuzz-unit-file/$name"
done
# systemd-test-units: real unit files, verified in place (next to their services)
for f in "$SOCKACT_CORPUS"/systemd-test-units/*.socket "$SOCKACT_CORPUS"/systemd-test-units/*.service; do
        check_one "$f" "systemd-test-units/$(basename "$f")"
done
finish
