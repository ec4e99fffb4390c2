// The function bundle a test run shares: built once per jest run by testing/global-setup.ts, into the same
// dist/functions/ that `npm run build:functions` writes and the stacks deploy. Tests of the build itself build their own.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { functionBundleDir } from '../core/project-paths';
import { PUT_METADATA_FUNCTION, type FunctionName } from '../core/functions';
import { projectPath } from '../config/project-root';

/** Absolute path of the shared bundle's `index.js`; throws when it was not built (jest's global setup builds it). */
export function sharedFunctionBundle(name: FunctionName = PUT_METADATA_FUNCTION): string {
  const path = join(projectPath(functionBundleDir(name)), 'index.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run the tests with jest, whose global setup builds it (or npm run build:functions)`);
  return path;
}
