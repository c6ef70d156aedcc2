#!/bin/sh
# draw, from the offline bundle: the bundled Node runs the bundled tool. Nothing from the
# system is needed but /bin/sh, so the script uses no other program when none is on PATH.
self=$0
if command -v readlink >/dev/null 2>&1; then
  # Reached through a symlink (say /usr/local/bin/draw): find the real folder.
  real=$(readlink -f -- "$0" 2>/dev/null) && [ -n "$real" ] && self=$real
fi
case "$self" in
  */*) here=${self%/*} ;;
  *) here=. ;;
esac
exec "$here/runtime/node" "$here/app/bin/draw" "$@"
