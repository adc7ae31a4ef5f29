# augment-gap.gp: bar chart written by trainskill (lib/plot/chart.c).
# Draws augment-gap.png from augment-gap.dat; run `gnuplot augment-gap.gp` in this directory to redraw it after
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
set output 'augment-gap.png'
set title 'Overfitting: train minus test accuracy (mean ± std over seeds)' font ',22'
set ylabel 'train - test accuracy (points)'
set border lw 1.5
set key outside right top vertical Right noreverse width 2 spacing 1.2 samplen 3
set grid ytics lc rgb '#c8c8c8' lw 1
set yrange [0:*]
set xrange [-0.5:0.5]
set xtics ('1' 0) scale 0
# Bar b of every group sits at group + offset(b); the bars of a group touch.
nbars = 5
width = 0.8 / nbars
offset(b) = (b - (nbars - 1) / 2.0) * width
set boxwidth width absolute
set style fill solid 0.9 border lc rgb '#303030'
# Error bars are vectors from mean-err to mean+err with flat heads (gnuplot's yerrorbars
# style breaks the bar around the point); a missing bar is marked NaN.
plot \
    'augment-gap.dat' index 0 using ($1 + offset(0)):2 with boxes lc rgb '#0072B2' title 'no augmentation', \
    'augment-gap.dat' index 1 using ($1 + offset(1)):2 with boxes lc rgb '#D55E00' title 'horizontal flip', \
    'augment-gap.dat' index 2 using ($1 + offset(2)):2 with boxes lc rgb '#009E73' title 'crop, padding 2', \
    'augment-gap.dat' index 3 using ($1 + offset(3)):2 with boxes lc rgb '#CC79A7' title 'random erasing', \
    'augment-gap.dat' index 4 using ($1 + offset(4)):2 with boxes lc rgb '#E69F00' title 'crop + flip + erasing', \
    'augment-gap.dat' index 0 using ($1 + offset(0)):($2 - $3):(0):(2 * $3) with vectors heads size screen 0.012,90 lw 3 lc rgb 'black' notitle, \
    'augment-gap.dat' index 1 using ($1 + offset(1)):($2 - $3):(0):(2 * $3) with vectors heads size screen 0.012,90 lw 3 lc rgb 'black' notitle, \
    'augment-gap.dat' index 2 using ($1 + offset(2)):($2 - $3):(0):(2 * $3) with vectors heads size screen 0.012,90 lw 3 lc rgb 'black' notitle, \
    'augment-gap.dat' index 3 using ($1 + offset(3)):($2 - $3):(0):(2 * $3) with vectors heads size screen 0.012,90 lw 3 lc rgb 'black' notitle, \
    'augment-gap.dat' index 4 using ($1 + offset(4)):($2 - $3):(0):(2 * $3) with vectors heads size screen 0.012,90 lw 3 lc rgb 'black' notitle
