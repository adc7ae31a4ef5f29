# bn-batch.gp: bar chart written by trainskill (lib/plot/chart.c).
# Draws bn-batch.png from bn-batch.dat; run `gnuplot bn-batch.gp` in this directory to redraw it after
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
set output 'bn-batch.png'
set title 'Batch 2 vs 32, with and without BN (mean ± std over 5 seeds)' font ',22'
set ylabel 'final test accuracy (%)'
set border lw 1.5
unset key
set arrow from graph 0, first 10 to graph 1, first 10 nohead dt 3 lw 2 lc rgb '#505050' front
set style textbox opaque noborder
set label 'chance (10%)' at graph 0.01, first 10 offset 0, 0.8 left tc rgb '#303030' boxed front
set grid ytics lc rgb '#c8c8c8' lw 1
set yrange [0:*]
set xrange [-0.5:4.5]
set xtics ('no BN, batch 32' 0, 'BN, batch 32' 1, 'no BN, batch 2' 2, 'BN, batch 2' 3, 'BN in conv' . "\n" . 'blocks only,' . "\n" . 'batch 2' 4) scale 0
set bmargin 4.5
# Bar b of every group sits at group + offset(b); the bars of a group touch.
nbars = 1
width = 0.8 / nbars
offset(b) = (b - (nbars - 1) / 2.0) * width
set boxwidth width absolute
set style fill solid 0.9 border lc rgb '#303030'
# Error bars are vectors from mean-err to mean+err with flat heads (gnuplot's yerrorbars
# style breaks the bar around the point); a missing bar is marked NaN.
plot \
    'bn-batch.dat' index 0 using ($1 + offset(0)):2:4 with boxes lc rgb variable notitle, \
    'bn-batch.dat' index 0 using ($1 + offset(0)):($2 - $3):(0):(2 * $3) with vectors heads size screen 0.012,90 lw 3 lc rgb 'black' notitle
