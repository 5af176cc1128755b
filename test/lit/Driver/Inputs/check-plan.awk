# Reads `dlc --emit=plan`; per function prints "ok" or the ratios that miss
# issue 4's targets (arena <= 1.10 * lower bound, arena <= 0.5 * naive; the
# latter not with -v lower_bound_only=1).
/^memory plan of / { name = $4 }
/^arena:/ {
  n++
  x = $2; y = $5; z = $9
  if (x > 1.10 * z || (!lower_bound_only && x > 0.5 * y)) {
    bad++
    printf "%s: over: arena %d, naive %d, lower bound %d\n", name, x, y, z
  } else {
    printf "%s: ok\n", name
  }
}
END { printf "%d plans, %d over target\n", n, bad + 0 }
