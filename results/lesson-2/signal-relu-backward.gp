# signal-relu-backward.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws signal-relu-backward.png from signal-relu-backward.dat; run `gnuplot signal-relu-backward.gp` in this directory to redraw it after
# editing (the next run of the lesson overwrites both files).
#
# pngcairo draws anti-aliased lines and transparent bands. A gnuplot built without cairo
# falls back to the libgd `png` terminal: the same chart, rougher. noenhanced: labels are
# printed as written (no subscripts from '_', no superscripts from '^').
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
    set terminal pngcairo size 1280,800 font ',18' noenhanced
} else {
    set terminal png truecolor size 1280,800 font ',18' noenhanced
}
set encoding utf8
set output 'signal-relu-backward.png'
set title 'ReLU: gradient at init (3 seeds; dashed: theory)' font ',22'
set xlabel 'layer'
set ylabel 'std of dL/d(pre-activation)'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 2 width -3 height 1 spacing 1.2 samplen 3
set logscale y
set grid lc rgb '#c8c8c8' lw 1
set xtics 2
set mxtics 1
set xrange [1:20]
set ytics ('10⁻¹⁸' 1.0000000000000001e-18, '' 1.0000000000000001e-17 1, '10⁻¹⁶' 9.9999999999999998e-17, '' 1.0000000000000001e-15 1, '10⁻¹⁴' 1e-14, '' 1e-13 1, '10⁻¹²' 9.9999999999999998e-13, '' 9.9999999999999994e-12 1, '10⁻¹⁰' 1e-10, '' 1.0000000000000001e-09 1, '10⁻⁸' 1e-08, '' 9.9999999999999995e-08 1, '10⁻⁶' 9.9999999999999995e-07, '' 1.0000000000000001e-05 1, '10⁻⁴' 0.0001)
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'signal-relu-backward.dat' index 0 using 1:3:4 with filledcurves lc rgb '#0072B2' notitle, \
    'signal-relu-backward.dat' index 1 using 1:3:4 with filledcurves lc rgb '#D55E00' notitle, \
    'signal-relu-backward.dat' index 2 using 1:3:4 with filledcurves lc rgb '#009E73' notitle, \
    'signal-relu-backward.dat' index 3 using 1:3:4 with filledcurves lc rgb '#CC79A7' notitle, \
    'signal-relu-backward.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'N(0, 0.02)', \
    'signal-relu-backward.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'Xavier normal', \
    'signal-relu-backward.dat' index 2 using 1:2 with lines lw 3 dt (10,10) lc rgb '#009E73' title 'PyTorch default', \
    'signal-relu-backward.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'He (kaiming_normal)', \
    'signal-relu-backward.dat' index 4 using 1:2 with lines lw 3 dt 2 lc rgb '#0072B2' notitle, \
    'signal-relu-backward.dat' index 5 using 1:2 with lines lw 3 dt 2 lc rgb '#D55E00' notitle, \
    'signal-relu-backward.dat' index 6 using 1:2 with lines lw 3 dt 2 lc rgb '#009E73' notitle, \
    'signal-relu-backward.dat' index 7 using 1:2 with lines lw 3 dt 2 lc rgb '#CC79A7' notitle
