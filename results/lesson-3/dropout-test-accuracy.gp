# dropout-test-accuracy.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws dropout-test-accuracy.png from dropout-test-accuracy.dat; run `gnuplot dropout-test-accuracy.gp` in this directory to redraw it after
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
set output 'dropout-test-accuracy.png'
set title 'Test accuracy by dropout rate (mean of 5 seeds, band: min–max)' font ',22'
set xlabel 'epoch'
set ylabel 'test accuracy (%)'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 3 width -6 height 1 spacing 1.2 samplen 3
set grid lc rgb '#c8c8c8' lw 1
set xtics 2
set mxtics 1
set xrange [1:20]
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'dropout-test-accuracy.dat' index 0 using 1:3:4 with filledcurves lc rgb '#56B4E9' notitle, \
    'dropout-test-accuracy.dat' index 1 using 1:3:4 with filledcurves lc rgb '#000000' notitle, \
    'dropout-test-accuracy.dat' index 2 using 1:3:4 with filledcurves lc rgb '#882255' notitle, \
    'dropout-test-accuracy.dat' index 3 using 1:3:4 with filledcurves lc rgb '#999933' notitle, \
    'dropout-test-accuracy.dat' index 4 using 1:3:4 with filledcurves lc rgb '#332288' notitle, \
    'dropout-test-accuracy.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#56B4E9' title 'dropout 0', \
    'dropout-test-accuracy.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#000000' title 'dropout 0.1', \
    'dropout-test-accuracy.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#882255' title 'dropout 0.2', \
    'dropout-test-accuracy.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#999933' title 'dropout 0.5', \
    'dropout-test-accuracy.dat' index 4 using 1:2 with lines lw 3 dt 1 lc rgb '#332288' title 'dropout 0.2, element-wise in conv'
