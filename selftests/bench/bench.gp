# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: ns a record per reader (columns of dat: the read_event
# readers, then the callback readers, "(drain)") and record-size mix
# (rows), as PNG and SVG; a log scale, as BCC's cost of a cycle puts it
# two decades above the others.  gnuplot -e "dat='FILE'; out='PREFIX'" bench.gp
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key outside right autotitle columnhead
set ylabel "ns a record (log scale)"
set xlabel "record sizes (bytes)"
set title "Readers on the same ring and records"
set logscale y
set yrange [1:*]
set grid ytics
ncols = system("head -1 '" . dat . "' | wc -w") + 0
do for [t in "pngcairo svg"] {
	set terminal t size 960,480 noenhanced
	set output out . (t eq "svg" ? ".svg" : ".png")
	plot for [c=2:ncols] dat using c:xtic(1)
}
