import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process CPU in clock ticks, 100 per second on every mainstream kernel config. */
const TICKS_PER_SECOND = 100;

/** Where a benchmark phase's CPU went: the processes this bench started, grouped by role. */
export type CpuGroup = 'service' | 'postgres' | 'nats' | 'bench';
export type CpuSnapshot = Record<CpuGroup, number>;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** user + system CPU of the process and of its reaped children, in milliseconds. */
  cpuMs: number;
}

/**
 * CPU milliseconds used so far by this process's descendants, by role: the service (and anything it
 * started), Postgres (postmaster and backends), nats-server, and the bench itself (its own Kubernetes test
 * server, list/watch and publishing). Reaped children count through their parent's cutime/cstime, so a
 * backend that exits between two snapshots is not lost. On a machine shared with other work this is the
 * figure that tells where a phase's time went, which wall-clock rates cannot.
 */
export function cpuByProcess(servicePid: number | undefined): CpuSnapshot {
  const stats = readAllStats();
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const snapshot: CpuSnapshot = { service: 0, postgres: 0, nats: 0, bench: 0 };
  const visit = (pid: number, inService: boolean) => {
    for (const child of children.get(pid) ?? []) {
      const service = inService || child.pid === servicePid;
      const group = service
        ? 'service'
        : child.comm === 'postgres'
          ? 'postgres'
          : child.comm === 'nats-server'
            ? 'nats'
            : undefined;
      // Only a process of a group counts: its reaped children are in its own c-times, its live ones below.
      if (group) snapshot[group] += child.cpuMs;
      visit(child.pid, service);
    }
  };
  visit(process.pid, false);
  const own = process.cpuUsage();
  snapshot.bench = (own.user + own.system) / 1000;
  return snapshot;
}

/** CPU milliseconds per group between two snapshots. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  return {
    service: Math.round(after.service - before.service),
    postgres: Math.round(after.postgres - before.postgres),
    nats: Math.round(after.nats - before.nats),
    bench: Math.round(after.bench - before.bench),
  };
}

function readAllStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // Fields after the parenthesised command: state is 3rd overall, ppid 4th, utime..cstime 14th..17th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      stats.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        comm,
        cpuMs: (ticks * 1000) / TICKS_PER_SECOND,
      });
    } catch {
      // The process exited while we listed /proc.
    }
  }
  return stats;
}
