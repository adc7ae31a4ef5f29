# seed-schedulers.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws seed-schedulers.png from seed-schedulers.dat; run `gnuplot seed-schedulers.gp` in this directory to redraw it after
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
set output 'seed-schedulers.png'
set title 'The seed''s schedulers, stepped once per epoch (initial lr 0.001)' font ',22'
set xlabel 'epoch'
set ylabel 'learning rate (log scale)'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 6 width -11 height 1 spacing 1.2 samplen 3
set logscale y
set grid lc rgb '#c8c8c8' lw 1
set xtics 10
set mxtics 1
set xrange [0:100]
set ytics ('10⁻⁷' 9.9999999999999995e-08, '' 1.9999999999999999e-07 1, '' 2.9999999999999999e-07 1, '' 3.9999999999999998e-07 1, '' 4.9999999999999998e-07 1, '' 5.9999999999999997e-07 1, '' 6.9999999999999997e-07 1, '' 7.9999999999999996e-07 1, '' 8.9999999999999996e-07 1, '10⁻⁶' 9.9999999999999995e-07, '' 1.9999999999999999e-06 1, '' 3.0000000000000001e-06 1, '' 3.9999999999999998e-06 1, '' 4.9999999999999996e-06 1, '' 6.0000000000000002e-06 1, '' 6.9999999999999999e-06 1, '' 7.9999999999999996e-06 1, '' 9.0000000000000002e-06 1, '10⁻⁵' 1.0000000000000001e-05, '' 2.0000000000000002e-05 1, '' 3.0000000000000004e-05 1, '' 4.0000000000000003e-05 1, '' 5.0000000000000002e-05 1, '' 6.0000000000000008e-05 1, '' 7.0000000000000007e-05 1, '' 8.0000000000000007e-05 1, '' 9.0000000000000006e-05 1, '10⁻⁴' 0.0001, '' 0.00020000000000000001 1, '' 0.00030000000000000003 1, '' 0.00040000000000000002 1, '' 0.00050000000000000001 1, '' 0.00060000000000000006 1, '' 0.00069999999999999999 1, '' 0.00080000000000000004 1, '' 0.00090000000000000008 1, '10⁻³' 0.001, '' 0.002 1, '' 0.0030000000000000001 1, '' 0.0040000000000000001 1, '' 0.0050000000000000001 1, '' 0.0060000000000000001 1, '' 0.0070000000000000001 1, '' 0.0080000000000000002 1, '' 0.0090000000000000011 1, '10⁻²' 0.01)
set yrange [1e-07:0.002]
set style textbox opaque noborder
set label 'off the chart: 82 values below 1e-07' at graph 0.97, graph 0.05 right tc rgb '#303030' boxed front
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'seed-schedulers.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'StepLR(step_size=1, gamma=0.99)', \
    'seed-schedulers.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'MultiStepLR([10,30,80], gamma=0.99)', \
    'seed-schedulers.dat' index 2 using 1:2 with lines lw 3 dt 2 lc rgb '#009E73' title 'ExponentialLR(gamma=0.99)' . ' (= ' . 'StepLR(step_size=1, gamma=0.99)' . ')', \
    'seed-schedulers.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'LambdaLR(0.95**epoch)', \
    'seed-schedulers.dat' index 4 using 1:2 with lines lw 3 dt (10,10) lc rgb '#E69F00' title 'MultiplicativeLR(0.95**epoch)', \
    'seed-schedulers.dat' index 5 using 1:2 with lines lw 3 dt 1 lc rgb '#56B4E9' title 'CosineAnnealingLR(T_max=50, eta_min=0)'
