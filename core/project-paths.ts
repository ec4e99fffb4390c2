// Where things are in a checkout, relative to the project root and `/`-separated: the synthesized stacks, the
// function bundles, the built page and the default payload. Pure: Node code resolves them with config/project-root.ts.

/** cdktf's output folder; each stack is synthesized into `stacks/<stack name>/` below it. */
export const SYNTH_OUTPUT_DIR = 'cdktf.out';
/** Where `npm run build:functions` writes one folder per function. */
export const FUNCTION_BUNDLES_DIR = 'dist/functions';
/** Where `npm run build:web` writes the page. */
export const WEB_DIST_DIR = 'web/dist';
/** The payload sent on Stream Start when neither METADATA_JSON nor METADATA_FILE is set. */
export const DEFAULT_METADATA_FILE = 'examples/quiz-question.json';

/** Folder of one synthesized stack, e.g. `cdktf.out/stacks/ivs-live-dev` (or the same below another cdktf outdir). */
export function synthesizedStackDir(stack: string, outdir: string = SYNTH_OUTPUT_DIR): string {
  return `${outdir}/stacks/${stack}`;
}

/** Folder of one function's bundle (`index.js` + source map), the Lambda asset. */
export function functionBundleDir(name: string): string {
  return `${FUNCTION_BUNDLES_DIR}/${name}`;
}
