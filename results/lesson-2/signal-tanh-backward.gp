# signal-tanh-backward.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws signal-tanh-backward.png from signal-tanh-backward.dat; run `gnuplot signal-tanh-backward.gp` in this directory to redraw it after
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
set output 'signal-tanh-backward.png'
set title 'tanh: gradient at init (3 seeds; dashed: theory)' font ',22'
set xlabel 'layer'
set ylabel 'std of dL/d(pre-activation)'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 2 width -3 height 1 spacing 1.2 samplen 3
set logscale y
set grid lc rgb '#c8c8c8' lw 1
set xtics 2
set mxtics 1
set xrange [1:20]
set ytics ('10⁻¹⁵' 1.0000000000000001e-15, '10⁻¹⁴' 1e-14, '10⁻¹³' 1e-13, '10⁻¹²' 9.9999999999999998e-13, '10⁻¹¹' 9.9999999999999994e-12, '10⁻¹⁰' 1e-10, '10⁻⁹' 1.0000000000000001e-09, '10⁻⁸' 1e-08, '10⁻⁷' 9.9999999999999995e-08, '10⁻⁶' 9.9999999999999995e-07, '10⁻⁵' 1.0000000000000001e-05, '10⁻⁴' 0.0001, '10⁻³' 0.001)
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'signal-tanh-backward.dat' index 0 using 1:3:4 with filledcurves lc rgb '#0072B2' notitle, \
    'signal-tanh-backward.dat' index 1 using 1:3:4 with filledcurves lc rgb '#D55E00' notitle, \
    'signal-tanh-backward.dat' index 2 using 1:3:4 with filledcurves lc rgb '#009E73' notitle, \
    'signal-tanh-backward.dat' index 3 using 1:3:4 with filledcurves lc rgb '#CC79A7' notitle, \
    'signal-tanh-backward.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#0072B2' title 'N(0, 0.02)', \
    'signal-tanh-backward.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title 'Xavier normal', \
    'signal-tanh-backward.dat' index 2 using 1:2 with lines lw 3 dt 1 lc rgb '#009E73' title 'PyTorch default', \
    'signal-tanh-backward.dat' index 3 using 1:2 with lines lw 3 dt 1 lc rgb '#CC79A7' title 'He (kaiming_normal)', \
    'signal-tanh-backward.dat' index 4 using 1:2 with lines lw 3 dt 2 lc rgb '#0072B2' notitle, \
    'signal-tanh-backward.dat' index 5 using 1:2 with lines lw 3 dt 2 lc rgb '#D55E00' notitle, \
    'signal-tanh-backward.dat' index 6 using 1:2 with lines lw 3 dt 2 lc rgb '#009E73' notitle, \
    'signal-tanh-backward.dat' index 7 using 1:2 with lines lw 3 dt 2 lc rgb '#CC79A7' notitle
