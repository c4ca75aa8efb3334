# Plot of bench/net: requests/s (top), p99 latency (middle) and the server's host CPU time per
# request (bottom) per server and scenario.
#   gnuplot -e "data='bench/net-results.tsv'; out='bench/net.png'" bench/net.gp
# Columns of the data: runner, model, then (rps, p99 ms, CPU us per request, errors) per
# scenario; the header row names them. "failed" cells are skipped.
set terminal pngcairo size 1400,1300 font ",10" noenhanced
set output out
set datafile separator "\t"
set datafile missing "failed"
set key autotitle columnhead
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set xtics rotate by -30
set multiplot layout 3,1 title "javix: one HTTP server per I/O model, driven by wrk from the host (keep-alive GET /)"
set ylabel "requests/s (log scale)"
set logscale y
stats data using 0 nooutput
ncol = STATS_columns
set key outside right top vertical
label(r, m) = (r eq "javix" ? m : m." (".r.")")
plot for [i=3:ncol:4] data using i:xtic(label(strcol(1), strcol(2))) title columnhead(i)
set ylabel "p99 latency, ms (log scale)"
plot for [i=4:ncol:4] data using i:xtic(label(strcol(1), strcol(2))) title columnhead(i)
set ylabel "host CPU per request, us (log scale)"
plot for [i=5:ncol:4] data using i:xtic(label(strcol(1), strcol(2))) title columnhead(i)
unset multiplot
