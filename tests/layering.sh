#!/bin/sh
# The levels of lib/'s folders, the bottom one first. A file may include headers of its own folder
# and of folders on lower levels — never of another folder on its own level or above, so no two
# folders need each other (README.md, Layout). `make test` runs this first; it prints every include
# that breaks the rule and exits 1. A new folder must be given a level here.
LEVELS='core | data nn optim | init plot train | experiment'

cd "$(dirname "$0")/../lib" || exit 2
exec awk -v levels="$LEVELS" '
BEGIN {
    n = split(levels, row, "|")
    for (r = 1; r <= n; r++) {
        m = split(row[r], folder, " ")
        for (i = 1; i <= m; i++) level[folder[i]] = r
    }
}
FNR == 1 {
    split(FILENAME, part, "/")
    dir = part[1]
    if (!(dir in level)) { printf "lib/%s: the folder %s has no level in tests/layering.sh\n", FILENAME, dir; bad = 1 }
}
/^[ \t]*#[ \t]*include[ \t]*"\.\.\// {
    match($0, /"\.\.\/[^"]*"/)
    target = substr($0, RSTART + 4, RLENGTH - 5)
    sub(/\/.*/, "", target)
    if (target == dir || !(dir in level)) next
    if (!(target in level) || level[target] >= level[dir]) {
        printf "lib/%s:%d: %s includes %s, which is not on a level below it (tests/layering.sh)\n", FILENAME, FNR,
               dir, substr($0, RSTART, RLENGTH)
        bad = 1
    }
}
END { exit bad }' */*.c */*.h
