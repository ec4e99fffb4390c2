// The project root on this machine, for the Node-side tools: core/project-paths.ts says where things are in a
// checkout, relative to it.
import { resolve } from 'node:path';
import { synthesizedStackDir } from '../core/project-paths';

export const PROJECT_ROOT = resolve(__dirname, '..');

/** An absolute path from a project-relative one (`cdktf.out/stacks/ivs-live-dev`). */
export function projectPath(relative: string): string {
  return resolve(PROJECT_ROOT, relative);
}

/** The absolute folder of a synthesized stack, where `terraform` runs for it. */
export function synthesizedStackPath(stack: string): string {
  return projectPath(synthesizedStackDir(stack));
}
