# histograms-tanh.gp: histogram chart written by trainskill (lib/plot/chart.c).
# Draws histograms-tanh.png from histograms-tanh.dat; run `gnuplot histograms-tanh.gp` in this directory to redraw it after
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
set output 'histograms-tanh.png'
set title 'tanh network at init: activations (3 seeds)' font ',22'
unset title
set multiplot title 'tanh network at init: activations (3 seeds)' font ',22'
set border lw 1.5
set grid lc rgb '#c8c8c8' lw 1
set yrange [0:*]
set xrange [-1:1]
set key at screen 0.99, screen 0.91 right top vertical Right noreverse spacing 1.2 samplen 2
# panel 0
set lmargin at screen 0.105
set rmargin at screen 0.422969
set tmargin at screen 0.87
set bmargin at screen 0.5
unset xlabel
set ylabel 'fraction of values'
set title 'N(0, 0.02)'
plot \
    'histograms-tanh.dat' index 0 using 1:2 with histeps lw 3 lc rgb '#0072B2' title 'layer 1', \
    'histograms-tanh.dat' index 1 using 1:2 with histeps lw 3 lc rgb '#D55E00' title 'layer 5', \
    'histograms-tanh.dat' index 2 using 1:2 with histeps lw 3 lc rgb '#009E73' title 'layer 10', \
    'histograms-tanh.dat' index 3 using 1:2 with histeps lw 3 lc rgb '#CC79A7' title 'layer 20'
# panel 1
set lmargin at screen 0.502969
set rmargin at screen 0.820937
set tmargin at screen 0.87
set bmargin at screen 0.5
unset xlabel
unset ylabel
set title 'Xavier normal'
plot \
    'histograms-tanh.dat' index 4 using 1:2 with histeps lw 3 lc rgb '#0072B2' notitle, \
    'histograms-tanh.dat' index 5 using 1:2 with histeps lw 3 lc rgb '#D55E00' notitle, \
    'histograms-tanh.dat' index 6 using 1:2 with histeps lw 3 lc rgb '#009E73' notitle, \
    'histograms-tanh.dat' index 7 using 1:2 with histeps lw 3 lc rgb '#CC79A7' notitle
# panel 2
set lmargin at screen 0.105
set rmargin at screen 0.422969
set tmargin at screen 0.38
set bmargin at screen 0.11
set xlabel 'tanh output'
set ylabel 'fraction of values'
set title 'PyTorch default'
plot \
    'histograms-tanh.dat' index 8 using 1:2 with histeps lw 3 lc rgb '#0072B2' notitle, \
    'histograms-tanh.dat' index 9 using 1:2 with histeps lw 3 lc rgb '#D55E00' notitle, \
    'histograms-tanh.dat' index 10 using 1:2 with histeps lw 3 lc rgb '#009E73' notitle, \
    'histograms-tanh.dat' index 11 using 1:2 with histeps lw 3 lc rgb '#CC79A7' notitle
# panel 3
set lmargin at screen 0.502969
set rmargin at screen 0.820937
set tmargin at screen 0.38
set bmargin at screen 0.11
set xlabel 'tanh output'
unset ylabel
set title 'He (kaiming_normal)'
plot \
    'histograms-tanh.dat' index 12 using 1:2 with histeps lw 3 lc rgb '#0072B2' notitle, \
    'histograms-tanh.dat' index 13 using 1:2 with histeps lw 3 lc rgb '#D55E00' notitle, \
    'histograms-tanh.dat' index 14 using 1:2 with histeps lw 3 lc rgb '#009E73' notitle, \
    'histograms-tanh.dat' index 15 using 1:2 with histeps lw 3 lc rgb '#CC79A7' notitle
unset multiplot
