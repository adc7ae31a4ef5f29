# cnn-test-accuracy.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws cnn-test-accuracy.png from cnn-test-accuracy.dat; run `gnuplot cnn-test-accuracy.gp` in this directory to redraw it after
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
set output 'cnn-test-accuracy.png'
set title 'Seed CNN without BN: test accuracy (mean of 5 seeds, band:' . "\n" . 'min–max)' font ',22'
set xlabel 'epoch'
set ylabel 'test accuracy (%)'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 2 width -3 height 1 spacing 1.2 samplen 3
set grid lc rgb '#c8c8c8' lw 1
set xtics 1
set mxtics 1
set xrange [1:5]
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'cnn-test-accuracy.dat' index 0 using 1:3:4 with filledcurves lc rgb '#0072B2' notitle, \
    'cnn-test-accuracy.dat' index 1 using 1:3:4 with filledcurves lc rgb '#D55E00' notitle, \
    'cnn-test-accuracy.dat' index 2 using 1:3:4 with filledcurves lc rgb '#009E73' notitle, \
    'cnn-test-accuracy.dat' index 3 using 1:3:4 with filledcurves lc rgb '#CC79A7' notitle, \
    'cnn-test-accuracy.dat' index 4 using 1:3:4 with filledcurves lc rgb '#E69F00' notitle, \
    'cnn-test-accuracy.dat' index 5 using 1:3:4 with filledcurves lc rgb '#56B4E9' notitle, \
    'cnn-test-accuracy.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'N(0, 0.02)', \
    'cnn-test-accuracy.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'Xavier normal', \
    'cnn-test-accuracy.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#009E73' title 'PyTorch default', \
    'cnn-test-accuracy.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'He (kaiming_normal)', \
    'cnn-test-accuracy.dat' index 4 using 1:2 with lines lw 3 dt 1 lc rgb '#E69F00' title 'He on Conv only', \
    'cnn-test-accuracy.dat' index 5 using 1:2 with lines lw 3 dt 1 lc rgb '#56B4E9' title 'He, default biases'
