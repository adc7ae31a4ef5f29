# signal-leaky-forward.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws signal-leaky-forward.png from signal-leaky-forward.dat; run `gnuplot signal-leaky-forward.gp` in this directory to redraw it after
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
set output 'signal-leaky-forward.png'
set title 'LeakyReLU: signal at init (3 seeds; dashed: theory)' font ',22'
set xlabel 'layer'
set ylabel 'std of pre-activation'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 2 width -3 height 1 spacing 1.2 samplen 3
set logscale y
set grid lc rgb '#c8c8c8' lw 1
set xtics 2
set mxtics 1
set xrange [1:20]
set ytics ('10⁻¹' 0.10000000000000001, '' 0.20000000000000001 1, '' 0.30000000000000004 1, '' 0.40000000000000002 1, '' 0.5 1, '' 0.60000000000000009 1, '' 0.70000000000000007 1, '' 0.80000000000000004 1, '' 0.90000000000000002 1, '1' 1, '' 2 1, '' 3 1, '' 4 1, '' 5 1, '' 6 1, '' 7 1, '' 8 1, '' 9 1, '10' 10)
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'signal-leaky-forward.dat' index 0 using 1:3:4 with filledcurves lc rgb '#0072B2' notitle, \
    'signal-leaky-forward.dat' index 1 using 1:3:4 with filledcurves lc rgb '#D55E00' notitle, \
    'signal-leaky-forward.dat' index 2 using 1:3:4 with filledcurves lc rgb '#009E73' notitle, \
    'signal-leaky-forward.dat' index 3 using 1:3:4 with filledcurves lc rgb '#CC79A7' notitle, \
    'signal-leaky-forward.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'slope 0.2, He a = 0', \
    'signal-leaky-forward.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'slope 0.2, He a = 0.2', \
    'signal-leaky-forward.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#009E73' title 'slope 0.5, He a = 0', \
    'signal-leaky-forward.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'slope 0.5, He a = 0.5', \
    'signal-leaky-forward.dat' index 4 using 1:2 with lines lw 3 dt 2 lc rgb '#0072B2' notitle, \
    'signal-leaky-forward.dat' index 5 using 1:2 with lines lw 3 dt 2 lc rgb '#D55E00' notitle, \
    'signal-leaky-forward.dat' index 6 using 1:2 with lines lw 3 dt 2 lc rgb '#009E73' notitle, \
    'signal-leaky-forward.dat' index 7 using 1:2 with lines lw 3 dt 2 lc rgb '#CC79A7' notitle
