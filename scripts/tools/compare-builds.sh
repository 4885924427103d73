#!/usr/bin/env bash
# Builds this book (EPUB, PDF, HTML) at another commit and at the working tree with the same
# SOURCE_DATE_EPOCH, and compares the bytes. A refactoring must print "identical" for all three.
#   usage: bash scripts/tools/compare-builds.sh <commit> [path/to/book.yaml]
# Differing EPUBs and sites are compared entry by entry, so the output names the files that changed.
set -euo pipefail
rev=${1:?usage: compare-builds.sh <commit> [book.yaml]}
here=$(cd "$(dirname "$0")/../.." && pwd)
book=$(realpath "${2:-$here/book.yaml}")
work=$(mktemp -d)
trap 'git -C "$here" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

git -C "$here" worktree add --detach "$work/base" "$rev" >/dev/null
# The other commit's own dependencies (its lock file may differ).
(cd "$work/base" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
base_book="$work/base/${book#"$here"/}"
[ -f "$base_book" ] || base_book=$book
for side in base head; do
  root=$here; [ "$side" = base ] && root=$work/base
  cfg=$book; [ "$side" = base ] && cfg=$base_book
  echo "building at $side …" >&2
  (cd "$root" && node scripts/run.mjs build "$cfg" --out "$work/out-$side" --format epub,pdf,html >"$work/$side.log" 2>&1) || { cat "$work/$side.log"; exit 2; }
done

status=0
for f in book.epub book.pdf; do
  if cmp -s "$work/out-base/$f" "$work/out-head/$f"; then echo "$f: identical"; else echo "$f: DIFFERENT"; status=1; fi
done
if diff -rq "$work/out-base/html" "$work/out-head/html" >"$work/html.diff"; then echo "html/: identical"; else echo "html/: DIFFERENT"; cat "$work/html.diff"; status=1; fi
if ! cmp -s "$work/out-base/book.epub" "$work/out-head/book.epub"; then
  mkdir -p "$work/epub-base" "$work/epub-head"
  (cd "$work/epub-base" && unzip -q "$work/out-base/book.epub") && (cd "$work/epub-head" && unzip -q "$work/out-head/book.epub")
  diff -rq "$work/epub-base" "$work/epub-head" || true
fi
exit $status
