// The command line behind an npm script (`node --require tsx/cjs <file>`), so tests run exactly what users run,
// without npm's own process in between.
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

export function npmScriptCommand(name: string): { readonly command: string; readonly args: readonly string[] } {
  const scripts = (require(resolve(ROOT, 'package.json')) as { scripts: Record<string, string> }).scripts;
  const [command, ...args] = scripts[name].split(' ');
  if (command !== 'node') throw new Error(`npm script "${name}" does not start with node: ${scripts[name]}`);
  return { command: process.execPath, args };
}
