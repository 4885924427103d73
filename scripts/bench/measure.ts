/**
 * Wall time and peak memory of a command: PSS of its whole process tree, sampled from /proc.
 * Shared by every part of `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Measurement {
  seconds: number;
  peakMiB: number;
  code: number;
}

function treeRssKiB(pid: number): number {
  let total = 0;
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      // PSS (proportional set size): shared pages (Chromium's processes share a lot) count once
      // in total, not once per process as RSS would. Falls back to RSS where smaps is missing.
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      total += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      try {
        total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        // gone
      }
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/**
 * How often memory is sampled. Each sample reads every /proc/N/stat and the tree's smaps_rollup,
 * which for Chromium's huge address spaces costs the kernel real time: every 25 ms, the sampler
 * took most of a core and made the builds it measured on a 2-core machine half as fast again.
 * A build's memory peak lasts seconds; a quarter of a second finds it.
 */
const SAMPLE_MS = 250;

export function measure(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, [...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRssKiB(child.pid));
    }, SAMPLE_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) process.stderr.write(stderr);
      resolve({ seconds, peakMiB: peak / 1024, code: code ?? 1 });
    });
  });
}

