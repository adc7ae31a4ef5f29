# scaling-test-accuracy.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws scaling-test-accuracy.png from scaling-test-accuracy.dat; run `gnuplot scaling-test-accuracy.gp` in this directory to redraw it after
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
set output 'scaling-test-accuracy.png'
set title 'Test accuracy by input scaling (mean of 3 seeds, band: min-max)' font ',22'
set xlabel 'epoch'
set ylabel 'test accuracy (fraction)'
set border lw 1.5
set key outside right top vertical Right noreverse width 2 spacing 1.2 samplen 3
set grid lc rgb '#c8c8c8' lw 1
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'scaling-test-accuracy.dat' index 0 using 1:3:4 with filledcurves lc rgb '#56B4E9' notitle, \
    'scaling-test-accuracy.dat' index 1 using 1:3:4 with filledcurves lc rgb '#000000' notitle, \
    'scaling-test-accuracy.dat' index 2 using 1:3:4 with filledcurves lc rgb '#882255' notitle, \
    'scaling-test-accuracy.dat' index 3 using 1:3:4 with filledcurves lc rgb '#999933' notitle, \
    'scaling-test-accuracy.dat' index 4 using 1:3:4 with filledcurves lc rgb '#332288' notitle, \
    'scaling-test-accuracy.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#56B4E9' title 'raw 0-255', \
    'scaling-test-accuracy.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#000000' title 'ToTensor 0-1', \
    'scaling-test-accuracy.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#882255' title 'Normalize(0.5, 0.5)', \
    'scaling-test-accuracy.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#999933' title 'data set mean/std', \
    'scaling-test-accuracy.dat' index 4 using 1:2 with lines lw 3 dt 1 lc rgb '#332288' title 'ImageNet mean/std'
