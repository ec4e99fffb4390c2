// The project root on this machine, for the Node-side tools: core/project-paths.ts says where things are in a
// checkout, relative to it.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { synthesizedStackDir } from '../core/project-paths';

export const PROJECT_ROOT = resolve(__dirname, '..');

/** An absolute path from a project-relative one (`cdktf.out/stacks/ivs-live-dev`). */
export function projectPath(relative: string): string {
  return resolve(PROJECT_ROOT, relative);
}

/** Whether a path given relative to the project root is relative and resolves to a file inside the project. */
export function isInsideProject(path: string): boolean {
  if (isAbsolute(path) || path.includes('\0')) return false;
  const inside = relative(PROJECT_ROOT, projectPath(path));
  return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

/** The absolute folder of a synthesized stack, where `terraform` runs for it. */
export function synthesizedStackPath(stack: string): string {
  return projectPath(synthesizedStackDir(stack));
}
