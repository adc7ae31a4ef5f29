# memory-batch.gp: line chart written by trainskill (lib/plot/chart.c).
# Draws memory-batch.png from memory-batch.dat; run `gnuplot memory-batch.gp` in this directory to redraw it after
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
set output 'memory-batch.png'
set title 'Peak memory of a training step' font ',22'
set xlabel 'effective batch size B (images per optimizer step)'
set ylabel 'MiB'
set border lw 1.5
set key outside below center vertical Left reverse maxrows 2 width -5 height 1 spacing 1.2 samplen 3
set grid lc rgb '#c8c8c8' lw 1
set xtics 50
set mxtics 1
set xrange [8:256]
# Bands first, so that every mean line is drawn on top of every band.
set style fill transparent solid 0.2 noborder
plot \
    'memory-batch.dat' index 0 using 1:2 with lines lw 3 dt 1 lc rgb '#009E73' title 'batch B: library', \
    'memory-batch.dat' index 1 using 1:2 with lines lw 3 dt 1 lc rgb '#D55E00' title '8 x B/8 accumulated: library', \
    'memory-batch.dat' index 2 using 1:2 with lines lw 3 dt 2 lc rgb '#009E73' title 'batch B: peak RSS growth', \
    'memory-batch.dat' index 3 using 1:2 with lines lw 3 dt 2 lc rgb '#D55E00' title '8 x B/8: peak RSS growth'
