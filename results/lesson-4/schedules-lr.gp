# schedules-lr.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws schedules-lr.png from schedules-lr.dat; run `gnuplot schedules-lr.gp` in this directory to redraw it after
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
set output 'schedules-lr.png'
set title 'The lr at the start of each epoch (the same in each of 5 seeds)' font ',22'
set xlabel 'epoch'
set ylabel 'learning rate'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 5 width -7 height 1 spacing 1.2 samplen 3
set grid lc rgb '#c8c8c8' lw 1
set xtics 1
set mxtics 1
set xrange [1:8]
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'schedules-lr.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'the range test''s suggestion', \
    'schedules-lr.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'constant 0.01 (seed)', \
    'schedules-lr.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#009E73' title 'constant 0.03', \
    'schedules-lr.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'constant 0.1', \
    'schedules-lr.dat' index 4 using 1:2 with lines lw 3 dt 1 lc rgb '#E69F00' title 'constant 0.3', \
    'schedules-lr.dat' index 5 using 1:2 with lines lw 3 dt (10,10) lc rgb '#56B4E9' title 'StepLR x0.1 at half-time', \
    'schedules-lr.dat' index 6 using 1:2 with lines lw 3 dt 1 lc rgb '#000000' title 'cosine', \
    'schedules-lr.dat' index 7 using 1:2 with lines lw 3 dt 1 lc rgb '#882255' title 'one-cycle', \
    'schedules-lr.dat' index 8 using 1:2 with lines lw 3 dt (10,10) lc rgb '#999933' title 'one-cycle, momentum fixed' . ' (= ' . 'one-cycle' . ')', \
    'schedules-lr.dat' index 9 using 1:2 with lines lw 3 dt 1 lc rgb '#332288' title 'warm-up 10% + cosine'
