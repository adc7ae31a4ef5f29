# mlp-leaky-test-accuracy.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws mlp-leaky-test-accuracy.png from mlp-leaky-test-accuracy.dat; run `gnuplot mlp-leaky-test-accuracy.gp` in this directory to redraw it after
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
set output 'mlp-leaky-test-accuracy.png'
set title 'Deep LeakyReLU network: test accuracy (mean of 5 seeds, band:' . "\n" . 'min–max)' font ',22'
set xlabel 'epoch'
set ylabel 'test accuracy (%)'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 2 width -6 height 1 spacing 1.2 samplen 3
set grid lc rgb '#c8c8c8' lw 1
set xtics 1
set mxtics 1
set xrange [1:8]
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'mlp-leaky-test-accuracy.dat' index 0 using 1:3:4 with filledcurves lc rgb '#0072B2' notitle, \
    'mlp-leaky-test-accuracy.dat' index 1 using 1:3:4 with filledcurves lc rgb '#D55E00' notitle, \
    'mlp-leaky-test-accuracy.dat' index 3 using 1:3:4 with filledcurves lc rgb '#CC79A7' notitle, \
    'mlp-leaky-test-accuracy.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'slope 0.2, He a = 0', \
    'mlp-leaky-test-accuracy.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'slope 0.2, He a = 0.2', \
    'mlp-leaky-test-accuracy.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#009E73' title 'slope 0.5, He a = 0 (5 of 5 diverged)', \
    'mlp-leaky-test-accuracy.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'slope 0.5, He a = 0.5'
