import { readFileSync } from 'node:fs';

/** Linux reports process CPU in clock ticks, 100 per second on every mainstream kernel config. */
const TICKS_PER_SECOND = 100;

/**
 * CPU milliseconds (user + system) a child process has used so far, from /proc/<pid>/stat.
 * Per-request CPU is the figure that stays comparable when other work shares the machine's cores,
 * unlike latency and throughput.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
