# partial-test-accuracy.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws partial-test-accuracy.png from partial-test-accuracy.dat; run `gnuplot partial-test-accuracy.gp` in this directory to redraw it after
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
set output 'partial-test-accuracy.png'
set title 'Test accuracy: our vs the seed''s scaling (mean of 5 seeds, band:' . "\n" . 'min–max)' font ',22'
set xlabel 'epoch'
set ylabel 'test accuracy (%)'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 1 width -5 height 1 spacing 1.2 samplen 3
set grid lc rgb '#c8c8c8' lw 1
set xtics 1
set mxtics 1
set xrange [1:6]
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'partial-test-accuracy.dat' index 0 using 1:3:4 with filledcurves lc rgb '#56B4E9' notitle, \
    'partial-test-accuracy.dat' index 1 using 1:3:4 with filledcurves lc rgb '#000000' notitle, \
    'partial-test-accuracy.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#56B4E9' title '8 x 4, loss x n_i/S (ours)', \
    'partial-test-accuracy.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#000000' title '8 x 4, loss / accum_iter (seed)'
