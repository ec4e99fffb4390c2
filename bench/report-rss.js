// Preloaded into benchmarked Node processes: prints the process's peak RSS when it exits.
process.on('exit', () => process.stderr.write(`\nBENCH_PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`));
