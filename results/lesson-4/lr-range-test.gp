# lr-range-test.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws lr-range-test.png from lr-range-test.dat; run `gnuplot lr-range-test.gp` in this directory to redraw it after
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
set output 'lr-range-test.png'
set title 'LR range test: loss while the lr grows exponentially' font ',22'
set xlabel 'learning rate (log scale)'
set ylabel 'training loss (EMA, smoothing 0.05)'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 3 width 1 height 1 spacing 1.2 samplen 3
set logscale x
set grid lc rgb '#c8c8c8' lw 1
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'lr-range-test.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'seed 1 (smoothed loss)', \
    'lr-range-test.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'seed 2 (smoothed loss)', \
    'lr-range-test.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#009E73' title 'seed 3 (smoothed loss)', \
    'lr-range-test.dat' index 3 using 1:2 with lines lw 3 dt 2 lc rgb '#999933' title 'suggestion (steepest descent)', \
    'lr-range-test.dat' index 4 using 1:2 with lines lw 3 dt 2 lc rgb '#332288' title 'best constant lr of experiment 3'
