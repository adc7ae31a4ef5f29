# schedules-test-accuracy.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws schedules-test-accuracy.png from schedules-test-accuracy.dat; run `gnuplot schedules-test-accuracy.gp` in this directory to redraw it after
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
set output 'schedules-test-accuracy.png'
set title 'Test accuracy (mean of 5 seeds, band: min–max)' font ',22'
set xlabel 'epoch'
set ylabel 'test accuracy (%)'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 5 width -4 height 1 spacing 1.2 samplen 3
set grid lc rgb '#c8c8c8' lw 1
set xtics 1
set mxtics 1
set xrange [1:8]
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'schedules-test-accuracy.dat' index 0 using 1:3:4 with filledcurves lc rgb '#0072B2' notitle, \
    'schedules-test-accuracy.dat' index 1 using 1:3:4 with filledcurves lc rgb '#D55E00' notitle, \
    'schedules-test-accuracy.dat' index 2 using 1:3:4 with filledcurves lc rgb '#009E73' notitle, \
    'schedules-test-accuracy.dat' index 3 using 1:3:4 with filledcurves lc rgb '#CC79A7' notitle, \
    'schedules-test-accuracy.dat' index 5 using 1:3:4 with filledcurves lc rgb '#56B4E9' notitle, \
    'schedules-test-accuracy.dat' index 6 using 1:3:4 with filledcurves lc rgb '#000000' notitle, \
    'schedules-test-accuracy.dat' index 7 using 1:3:4 with filledcurves lc rgb '#882255' notitle, \
    'schedules-test-accuracy.dat' index 8 using 1:3:4 with filledcurves lc rgb '#999933' notitle, \
    'schedules-test-accuracy.dat' index 9 using 1:3:4 with filledcurves lc rgb '#332288' notitle, \
    'schedules-test-accuracy.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'the range test''s suggestion', \
    'schedules-test-accuracy.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'constant 0.01 (seed)', \
    'schedules-test-accuracy.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#009E73' title 'constant 0.03', \
    'schedules-test-accuracy.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'constant 0.1', \
    'schedules-test-accuracy.dat' index 4 using 1:2 with lines lw 3 dt 1 lc rgb '#E69F00' title 'constant 0.3', \
    'schedules-test-accuracy.dat' index 5 using 1:2 with lines lw 3 dt (10,10) lc rgb '#56B4E9' title 'StepLR x0.1 at half-time', \
    'schedules-test-accuracy.dat' index 6 using 1:2 with lines lw 3 dt 1 lc rgb '#000000' title 'cosine', \
    'schedules-test-accuracy.dat' index 7 using 1:2 with lines lw 3 dt 1 lc rgb '#882255' title 'one-cycle', \
    'schedules-test-accuracy.dat' index 8 using 1:2 with lines lw 3 dt 1 lc rgb '#999933' title 'one-cycle, momentum fixed', \
    'schedules-test-accuracy.dat' index 9 using 1:2 with lines lw 3 dt 1 lc rgb '#332288' title 'warm-up 10% + cosine'
