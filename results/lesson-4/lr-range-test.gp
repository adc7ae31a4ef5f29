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
set ylabel 'training loss (EMA of the batch losses)'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 4 width -5 height 1 spacing 1.2 samplen 3
set logscale x
set grid lc rgb '#c8c8c8' lw 1
set xtics ('10⁻⁵' 1.0000000000000001e-05, '' 2.0000000000000002e-05 1, '' 3.0000000000000004e-05 1, '' 4.0000000000000003e-05 1, '' 5.0000000000000002e-05 1, '' 6.0000000000000008e-05 1, '' 7.0000000000000007e-05 1, '' 8.0000000000000007e-05 1, '' 9.0000000000000006e-05 1, '10⁻⁴' 0.0001, '' 0.00020000000000000001 1, '' 0.00030000000000000003 1, '' 0.00040000000000000002 1, '' 0.00050000000000000001 1, '' 0.00060000000000000006 1, '' 0.00069999999999999999 1, '' 0.00080000000000000004 1, '' 0.00090000000000000008 1, '10⁻³' 0.001, '' 0.002 1, '' 0.0030000000000000001 1, '' 0.0040000000000000001 1, '' 0.0050000000000000001 1, '' 0.0060000000000000001 1, '' 0.0070000000000000001 1, '' 0.0080000000000000002 1, '' 0.0090000000000000011 1, '10⁻²' 0.01, '' 0.02 1, '' 0.029999999999999999 1, '' 0.040000000000000001 1, '' 0.050000000000000003 1, '' 0.059999999999999998 1, '' 0.070000000000000007 1, '' 0.080000000000000002 1, '' 0.089999999999999997 1, '10⁻¹' 0.10000000000000001, '' 0.20000000000000001 1, '' 0.30000000000000004 1, '' 0.40000000000000002 1, '' 0.5 1, '' 0.60000000000000009 1, '' 0.70000000000000007 1, '' 0.80000000000000004 1, '' 0.90000000000000002 1, '1' 1, '' 2 1, '' 3 1, '' 4 1, '' 5 1, '' 6 1, '' 7 1, '' 8 1, '' 9 1, '10' 10)
set yrange [1.4391491798963125:3.4561489820480347]
set style textbox opaque noborder
set label 'off the chart: 17 values above 3.46' at graph 0.03, graph 0.95 left tc rgb '#303030' boxed front
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'lr-range-test.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'seed 1', \
    'lr-range-test.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'seed 2', \
    'lr-range-test.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#009E73' title 'seed 3', \
    'lr-range-test.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'seed 4', \
    'lr-range-test.dat' index 4 using 1:2 with lines lw 3 dt 1 lc rgb '#E69F00' title 'seed 5', \
    'lr-range-test.dat' index 5 using 1:2 with lines lw 3 dt 2 lc rgb '#999933' title 'suggested lr (geometric mean)', \
    'lr-range-test.dat' index 6 using 1:2 with lines lw 3 dt 2 lc rgb '#332288' title 'best constant of the grid'
