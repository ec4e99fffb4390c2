// Bundles the Lambda functions with esbuild for Node.js 22: dist/functions/<name>/index.js (CJS, `index.handler`).
// Deterministic (pinned esbuild, no timestamps, relative source-map paths) so an unchanged function plans as no change.
import { build, type BuildOptions } from 'esbuild';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS } from '../core/functions';
import { FUNCTION_BUNDLES_DIR } from '../core/project-paths';
import { PROJECT_ROOT, projectPath } from '../config/project-root';

export const DEFAULT_FUNCTIONS_OUTDIR = projectPath(FUNCTION_BUNDLES_DIR);

/** Each function: its entry point (functions/<name>/index.ts) and its folder under the output directory. */
const ENTRIES: readonly { readonly name: string; readonly entry: string }[] = FUNCTIONS.map((name) => ({
  name,
  entry: join(PROJECT_ROOT, 'functions', name, 'index.ts'),
}));

export interface BuildFunctionsOptions {
  /** @default dist/functions */
  readonly outdir?: string;
  /** Leave `@aws-sdk/*` to the Lambda runtime instead of bundling it. @default false (see bench/function-bundle.bench.ts) */
  readonly externalSdk?: boolean;
  /** Module format; the stack's handler string `index.handler` expects CommonJS `index.js`. @default 'cjs' */
  readonly format?: 'cjs' | 'esm';
}

export interface BuiltFunction {
  readonly name: string;
  /** Absolute path of the bundle (`index.js`, or `index.mjs` for ESM). */
  readonly path: string;
  /** The folder to zip as the Lambda asset. */
  readonly directory: string;
  readonly bytes: number;
}

export async function buildFunctions(options: BuildFunctionsOptions = {}): Promise<readonly BuiltFunction[]> {
  const { outdir = DEFAULT_FUNCTIONS_OUTDIR, externalSdk = false, format = 'cjs' } = options;
  const built: BuiltFunction[] = [];
  for (const fn of ENTRIES) {
    const directory = join(outdir, fn.name);
    const path = join(directory, format === 'esm' ? 'index.mjs' : 'index.js');
    await build(bundleOptions(fn.entry, path, externalSdk, format));
    built.push({ name: fn.name, path, directory, bytes: statSync(path).size });
  }
  return built;
}

function bundleOptions(entry: string, outfile: string, externalSdk: boolean, format: 'cjs' | 'esm'): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format,
    minify: true,
    sourcemap: 'linked',
    // Stack traces map to file:line without shipping every dependency's source in the asset.
    sourcesContent: false,
    absWorkingDir: PROJECT_ROOT,
    // Prefer the SDK's ES modules so unused code is tree-shaken.
    mainFields: ['module', 'main'],
    external: externalSdk ? ['@aws-sdk/*', '@smithy/*'] : [],
    // ESM bundles of CJS dependencies need `require` for Node built-ins.
    banner: format === 'esm' ? { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" } : {},
    legalComments: 'none',
    logLevel: 'warning',
  };
}
