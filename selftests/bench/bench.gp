# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: ns a record per reader (columns of dat) and record-size mix
# (rows), as PNG and SVG.  gnuplot -e "dat='FILE'; out='PREFIX'" bench.gp
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top left autotitle columnhead
set ylabel "ns a record (read_event loop)"
set xlabel "record sizes (bytes)"
set title "Readers on the same ring and records"
set yrange [0:*]
set grid ytics
ncols = system("head -1 '" . dat . "' | wc -w") + 0
do for [t in "pngcairo svg"] {
	set terminal t size 800,480 noenhanced
	set output out . (t eq "svg" ? ".svg" : ".png")
	plot for [c=2:ncols] dat using c:xtic(1)
}
