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
set key outside below center vertical Left reverse maxrows 6 width 1 height 1 spacing 1.2 samplen 3
set logscale y
set grid lc rgb '#c8c8c8' lw 1
set yrange [1e-07:0.002]
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'seed-schedulers.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'StepLR(step_size=1, gamma=0.99)', \
    'seed-schedulers.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'MultiStepLR([10,30,80], gamma=0.99)', \
    'seed-schedulers.dat' index 2 using 1:2 with lines lw 3 dt 2 lc rgb '#009E73' title 'ExponentialLR(gamma=0.99)', \
    'seed-schedulers.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'LambdaLR(0.95**epoch)', \
    'seed-schedulers.dat' index 4 using 1:2 with lines lw 3 dt 1 lc rgb '#E69F00' title 'MultiplicativeLR(0.95**epoch)', \
    'seed-schedulers.dat' index 5 using 1:2 with lines lw 3 dt 1 lc rgb '#56B4E9' title 'CosineAnnealingLR(T_max=50, eta_min=0)'
