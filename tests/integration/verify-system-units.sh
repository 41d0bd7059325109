#!/bin/sh
# Every .socket and .service file systemd ships on this machine loads with `sockactctl verify`; the only
# diagnostics allowed are notes about keys sockact does not implement.
. "$(dirname "$0")/lib.sh"

n=0
for dir in /lib/systemd/system /usr/lib/systemd/user; do
        [ -d "$dir" ] || continue
        for f in "$dir"/*.socket "$dir"/*.service; do
                [ -f "$f" ] || continue
                [ -s "$f" ] || continue # empty files are masks
                n=$((n + 1))
                rc=0
                bounded 30 "$SOCKACTCTL" verify --unit-path="$dir" "$f" >"$TMP/out" 2>&1 || rc=$?
                other=$(grep -v 'is not supported by sockact, ignoring\.$' "$TMP/out" || true)
                # A socket whose service is not installed on this machine (syslog.socket without a syslog
                # daemon) cannot be started; systemd-analyze says so too. Allowed only when the file is absent.
                missing=$(printf '%s\n' "$other" | sed -n 's/.*: Service \([^ ]*\) not found, .* cannot be started\.$/\1/p')
                if [ -n "$missing" ] && [ "$(printf '%s\n' "$other" | wc -l)" -eq 1 ] && [ ! -e "$dir/$missing" ]; then
                        echo "note: $f: $missing is not installed here"
                        pass
                        continue
                fi
                if [ "$rc" -ne 0 ] || [ -n "$other" ]; then
                        fail "$f (exit $rc)"
                        printf '%s\n' "$other" | head -n 10
                else
                        pass
                fi
        done
done
[ "$n" -gt 0 ] || skip "no systemd unit files on this machine"
finish
