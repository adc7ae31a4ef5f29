# gallery.gp: image chart written by trainskill (lib/plot/chart.c).
# Draws gallery.png from gallery.dat; run `gnuplot gallery.gp` in this directory to redraw it after
# editing (the next run of the lesson overwrites both files).
#
# libgd's png terminal: every image pixel a sharp square (cairo would blur their edges
# into faint grid lines). noenhanced: labels are printed as written.
set terminal png truecolor size 1223,1438 font ',18' noenhanced
set encoding utf8
set output 'gallery.png'
set title 'Three test images (1-3), two random draws each (a, b)' font ',22'
set lmargin at screen 0.351594
set rmargin at screen 0.822567
set tmargin at screen 0.895688
set bmargin at screen 0.0278164
unset key
unset colorbox
unset border
unset tics
set palette gray
set cbrange [0:1]
set xrange [-0.5:225.5]
set yrange [491.5:-0.5]
set label 'original' at first -3, first 17.5 right
set label 'CenterCrop(20)' at first -3, first 55.5 right
set label 'Pad(4, fill=128)' at first -3, first 93.5 right
set label 'Pad(4, reflect)' at first -3, first 131.5 right
set label 'Resize(14)' at first -3, first 169.5 right
set label 'Resize(14, nearest)' at first -3, first 207.5 right
set label 'RandomCrop(28, padding=4)' at first -3, first 245.5 right
set label 'RandomHorizontalFlip(0.5)' at first -3, first 283.5 right
set label 'RandomVerticalFlip(0.5)' at first -3, first 321.5 right
set label 'ColorJitter(0.6, 0.6)' at first -3, first 359.5 right
set label 'GaussianBlur(5)' at first -3, first 397.5 right
set label 'RandomErasing(0.5)' at first -3, first 435.5 right
set label 'RandomErasing(1, ''random'')' at first -3, first 473.5 right
set label '1a' at first 17.5, first -4 center
set label '1b' at first 55.5, first -4 center
set label '2a' at first 93.5, first -4 center
set label '2b' at first 131.5, first -4 center
set label '3a' at first 169.5, first -4 center
set label '3b' at first 207.5, first -4 center
plot 'gallery.dat' matrix with image pixels
