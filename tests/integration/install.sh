#!/bin/sh
# `make install DESTDIR=...` from the build directory puts every file where the man pages and README.md say:
# the programs, the man pages, the example server, the example units (not enabled: outside every search path),
# the completions and the sample sockactd.conf (not over an existing one). The installed units verify and
# name the installed server; `make uninstall` removes everything again but an administrator's sockactd.conf.
. "$(dirname "$0")/lib.sh"

check() { label=$1; shift; if "$@"; then pass; else fail "$label"; fi; }
MAKE=${MAKE:-make}
command -v "$MAKE" >/dev/null 2>&1 || skip "make not found"
[ -f "$top_builddir/Makefile" ] || skip "no Makefile in $top_builddir"

# The installation directories, as the Makefile has them (configure's choices, fully expanded).
cat >"$TMP/dirs.mk" <<'EOF'
print-dirs:
	@echo "bindir=$(bindir)"
	@echo "sbindir=$(sbindir)"
	@echo "mandir=$(mandir)"
	@echo "pkglibdir=$(pkglibdir)"
	@echo "pkglibexecdir=$(pkglibexecdir)"
	@echo "datadir=$(datadir)"
	@echo "sysconfdir=$(sysconfdir)"
EOF
env -u MAKEFLAGS -u MFLAGS "$MAKE" -s -C "$top_builddir" -f Makefile -f "$TMP/dirs.mk" print-dirs >"$TMP/dirs" ||
        { fail "cannot read the installation directories from the Makefile"; finish; }
while IFS='=' read -r k v; do
        case $k in
        bindir | sbindir | mandir | pkglibdir | pkglibexecdir | datadir | sysconfdir) eval "$k=\$v" ;;
        esac
done <"$TMP/dirs"
for k in bindir sbindir mandir pkglibdir pkglibexecdir datadir sysconfdir; do
        eval "v=\${$k-}"
        case $v in
        /*) pass ;;
        *) fail "installation directory $k is not absolute: '$v'"; finish ;;
        esac
done

# ---- make install ----
D="$TMP/root"
rc=0
env -u MAKEFLAGS -u MFLAGS "$MAKE" -s -C "$top_builddir" install DESTDIR="$D" >"$TMP/install.log" 2>&1 || rc=$?
check "make install DESTDIR=... exits 0 (got $rc)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || { cat "$TMP/install.log"; finish; }

x() { check "$1 is installed and executable" test -f "$D$1" -a -x "$D$1"; }
f() { check "$1 is installed" test -f "$D$1" -a -s "$D$1"; }
x "$bindir/sockactctl"
x "$sbindir/sockactd"
x "$pkglibexecdir/hello-server"
for p in man1/sockactctl.1 man5/sockact.unit.5 man5/sockact.socket.5 man5/sockact.service.5 \
         man5/sockactd.conf.5 man8/sockactd.8; do
        f "$mandir/$p"
done
E="$pkglibdir/examples"
for u in echo.socket echo@.service daytime.socket daytime@.service uname.socket uname@.service hello.socket \
         hello.service sockactd.conf; do
        f "$E/$u"
done
f "$datadir/bash-completion/completions/sockactctl"
f "$datadir/zsh/vendor-completions/_sockactctl"
f "$sysconfdir/sockact/sockactd.conf"
check "the installed sockactd.conf is the sample" cmp -s "$top_srcdir/contrib/sockactd.conf" "$D$sysconfdir/sockact/sockactd.conf"
check "the examples directory has its own copy of it" cmp -s "$top_srcdir/contrib/sockactd.conf" "$D$E/sockactd.conf"

# nothing outside these places
( cd "$D" && find . -type f | sed 's|^\.||' | sort ) >"$TMP/installed"
while read -r p; do
        case $p in
        "$bindir"/* | "$sbindir"/* | "$mandir"/man[158]/* | "$pkglibexecdir"/* | "$E"/* | \
        "$datadir"/bash-completion/completions/sockactctl | "$datadir"/zsh/vendor-completions/_sockactctl | \
        "$sysconfdir"/sockact/sockactd.conf) pass ;;
        *) fail "installed in an unexpected place: $p" ;;
        esac
done <"$TMP/installed"

# ---- the installed pieces work together ----
check "hello.service runs the installed server" \
        grep -qx "ExecStart=$pkglibexecdir/hello-server --exit-idle=60" "$D$E/hello.service"
check "no @...@ is left in the installed files" sh -c "! grep -rl '@[a-z]*@' '$D$E' '$D$datadir'"
check "the bash completion searches unit files in $pkglibdir/system" \
        grep -q "$pkglibdir/system" "$D$datadir/bash-completion/completions/sockactctl"
check "the zsh completion too" grep -q "$pkglibdir/system" "$D$datadir/zsh/vendor-completions/_sockactctl"
rc=0
"$D$bindir/sockactctl" verify --unit-path="$D$E" "$D$E"/*.socket "$D$E"/*.service >"$TMP/verify.log" 2>&1 || rc=$?
check "the installed sockactctl verifies every installed example unit (exit $rc)" test "$rc" -eq 0
check "... without a diagnostic ($(cat "$TMP/verify.log"))" test ! -s "$TMP/verify.log"
out=$("$D$sbindir/sockactd" --version 2>&1) || true
check "the installed sockactd runs ($out)" sh -c "printf '%s\n' '$out' | grep -q '^sockactd [0-9]'"

# ---- not enabled: the examples are in no search path and no sockets.target.wants/ was made ----
check "the examples directory is in no search path compiled into the installed programs" \
        sh -c "! grep -q -a 'sockact/examples' '$D$sbindir/sockactd' '$D$bindir/sockactctl'"
check "no sockets.target.wants/ installed" sh -c "[ -z \"\$(find '$D' -name sockets.target.wants)\" ]"
check "no unit outside the examples directory" \
        sh -c "[ -z \"\$(find '$D' \\( -name '*.socket' -o -name '*.service' \\) ! -path '$D$E/*')\" ]"

# ---- the man pages and README.md name these places ----
M="$top_srcdir/man"
check "sockact.unit(5) names the examples directory" grep -q 'Pa $(libdir)/sockact/examples/' "$M/sockact.unit.5"
check "sockact.unit(5) names the example server" grep -q 'Pa $(libexecdir)/sockact/hello-server' "$M/sockact.unit.5"
check "sockact.socket(5) names the examples directory" grep -q 'sockact/examples' "$M/sockact.socket.5"
check "sockact.service(5) names the examples directory" grep -q 'sockact/examples' "$M/sockact.service.5"
check "sockactd.conf(5) names the sample" grep -q 'Pa $(libdir)/sockact/examples/sockactd.conf' "$M/sockactd.conf.5"
check "README.md names the completion directories" sh -c \
        "grep -q 'share/bash-completion/completions/sockactctl' '$top_srcdir/README.md' &&
         grep -q 'share/zsh/vendor-completions/_sockactctl' '$top_srcdir/README.md'"

# ---- make uninstall removes everything ----
rc=0
env -u MAKEFLAGS -u MFLAGS "$MAKE" -s -C "$top_builddir" uninstall DESTDIR="$D" >"$TMP/uninstall.log" 2>&1 || rc=$?
check "make uninstall exits 0 (got $rc)" test "$rc" -eq 0
left=$(cd "$D" && find . -type f -o -type l)
check "nothing is left after make uninstall ($left)" test -z "$left"

# ---- an administrator's sockactd.conf survives install and uninstall ----
D2="$TMP/root2"
mkdir -p "$D2$sysconfdir/sockact"
printf '[Manager]\nLogLevel=debug\n' >"$D2$sysconfdir/sockact/sockactd.conf"
rc=0
env -u MAKEFLAGS -u MFLAGS "$MAKE" -s -C "$top_builddir" install DESTDIR="$D2" >"$TMP/install2.log" 2>&1 || rc=$?
check "make install over an existing sockactd.conf exits 0 (got $rc)" test "$rc" -eq 0
check "... and leaves it as it was" test "$(cat "$D2$sysconfdir/sockact/sockactd.conf")" = "$(printf '[Manager]\nLogLevel=debug')"
check "... saying so" grep -q "sockactd.conf exists, not replaced" "$TMP/install2.log"
env -u MAKEFLAGS -u MFLAGS "$MAKE" -s -C "$top_builddir" uninstall DESTDIR="$D2" >/dev/null 2>&1 || true
left=$(cd "$D2" && find . -type f)
check "make uninstall keeps the changed sockactd.conf only ($left)" test "$left" = "./${sysconfdir#/}/sockact/sockactd.conf"
finish
