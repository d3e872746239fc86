// Client cost as Linux reports it, the same way for every peer: CPU is utime + stime of a process and all its
// descendants (/proc/<pid>/stat), memory the peak resident set (VmHWM of /proc/<pid>/status).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticks;
/** Clock ticks per second of /proc/<pid>/stat times (CLK_TCK; 100 on every Linux we know of). */
function clockTicks() {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/**
 * Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses), or undefined once the
 * process is gone. Index 0 is `state`; man proc(5) numbers it 3, so field N is at index N − 3.
 */
function statFields(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Child process ids of every thread of `pid` (/proc/<pid>/task/<tid>/children). */
function childrenOf(pid) {
  const out = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(' ').map(Number));
    }
  } catch {
    // gone, or a kernel without CONFIG_PROC_CHILDREN: the process alone is counted
  }
  return out;
}

/**
 * CPU seconds (user + system) of `pid` and its live descendants, plus the children it has already reaped
 * (cutime/cstime), so a helper process that exits mid-run still counts. Undefined once `pid` is gone.
 */
export function treeCpuSeconds(pid) {
  const own = statFields(pid);
  if (!own) return undefined;
  // utime 14, stime 15, cutime 16, cstime 17 (man proc).
  let ticksUsed = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  const stack = childrenOf(pid);
  while (stack.length > 0) {
    const child = stack.pop();
    const f = statFields(child);
    if (!f) continue;
    ticksUsed += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    stack.push(...childrenOf(child));
  }
  return ticksUsed / clockTicks();
}

/** A `Vm*` line of /proc/<pid>/status in kB (VmRSS now, VmHWM the peak so far), or NaN. */
export function statusKb(pid, field) {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds per wall second between times `t0` and `t1` (ms) of samples `{ t, cpu }` taken while a process
 * ran, interpolating between the nearest samples: the CPU of a window that leaves start-up and shutdown out.
 */
export function cpuRateBetween(samples, t0, t1) {
  return (cpuAt(samples, t1) - cpuAt(samples, t0)) / ((t1 - t0) / 1000);
}

/** CPU seconds at time `t` (ms) of samples `{ t, cpu }`, interpolated between the nearest two (NaN: none). */
export function cpuAt(samples, t) {
  const i = samples.findIndex((s) => s.t >= t);
  if (i === -1) return samples.at(-1)?.cpu ?? Number.NaN;
  if (i === 0) return samples[0].cpu;
  const a = samples[i - 1];
  const b = samples[i];
  return a.cpu + ((b.cpu - a.cpu) * (t - a.t)) / (b.t - a.t || 1);
}
