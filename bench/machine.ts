/** Describes the machine a run happened on, because every timing below means nothing without it. */
import { readFileSync } from 'fs';
import os from 'os';

/** What RESULTS.md states about the machine. */
export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  cpuMHz: string;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  /** 1/5/15-minute load averages at the start: the machine is shared, so this says how noisy the run was. */
  loadAverage: number[];
}

function cpuinfoField(name: string): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith(name));
    return line ? line.split(':').slice(1).join(':').trim() : 'unknown';
  } catch {
    return 'unknown (no /proc/cpuinfo)';
  }
}

const BYTES_PER_GIB = 1024 ** 3;

/** Reads nproc (CPUs available to this process), the CPU model from /proc/cpuinfo, memory and node version. */
export function machineInfo(): MachineInfo {
  const available = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return {
    nproc: available,
    cpuModel: cpuinfoField('model name'),
    cpuMHz: cpuinfoField('cpu MHz'),
    memoryGiB: Math.round((os.totalmem() / BYTES_PER_GIB) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
