import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const KG = path.join(ROOT, 'bin', 'kg.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'kg-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The child's environment: the caller's, minus Neo4j settings, plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // eslint-disable-next-line no-restricted-properties -- tests configure child processes
  const base = { ...process.env };
  for (const k of Object.keys(base))
    if (k.startsWith('NEO4J_') || k.startsWith('KG_')) delete base[k];
  return { ...base, LOG_LEVEL: 'warn', ...env };
}

/** Runs `kg …` as a user would (through bin/kg.js) in the project root. */
export function kg(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KG, ...args], { cwd: ROOT, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `kg serve` on a free port; resolves once it prints its URL. */
export function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KG, 'serve'], {
      cwd: ROOT,
      env: childEnv({ PORT: '0', HOST: '127.0.0.1', ...env }),
    });
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 25_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /GraphQL\s+(http:\/\/localhost:\d+)\/graphql/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stderr: () => stderr });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
}
