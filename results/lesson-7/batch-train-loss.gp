# batch-train-loss.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws batch-train-loss.png from batch-train-loss.dat; run `gnuplot batch-train-loss.gp` in this directory to redraw it after
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
set output 'batch-train-loss.png'
set title 'Training loss (mean of 5 seeds, band: min–max)' font ',22'
set xlabel 'epoch'
set ylabel 'training cross-entropy'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 2 width -3 height 1 spacing 1.2 samplen 3
set grid lc rgb '#c8c8c8' lw 1
set xtics 1
set mxtics 1
set xrange [1:6]
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'batch-train-loss.dat' index 0 using 1:3:4 with filledcurves lc rgb '#0072B2' notitle, \
    'batch-train-loss.dat' index 1 using 1:3:4 with filledcurves lc rgb '#D55E00' notitle, \
    'batch-train-loss.dat' index 2 using 1:3:4 with filledcurves lc rgb '#009E73' notitle, \
    'batch-train-loss.dat' index 3 using 1:3:4 with filledcurves lc rgb '#CC79A7' notitle, \
    'batch-train-loss.dat' index 4 using 1:3:4 with filledcurves lc rgb '#E69F00' notitle, \
    'batch-train-loss.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'batch 8', \
    'batch-train-loss.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title '8 x 4 accumulated', \
    'batch-train-loss.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#009E73' title 'batch 32', \
    'batch-train-loss.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'BN, 8 x 4 accumulated', \
    'batch-train-loss.dat' index 4 using 1:2 with lines lw 3 dt 1 lc rgb '#E69F00' title 'BN, batch 32'
