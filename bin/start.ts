// `npm start`: the local preview (no AWS). Reads the flags and the project's configuration (the same loader as synth),
// starts the preview, prints what to open and what will be sent, and stops everything on Ctrl-C.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/config-error';
import { loadEmbedOrigins } from '../config/site-config';
import { startPreview } from '../local/preview';
import { banner, parsePreviewArgs, previewShowConfig, USAGE } from '../local/preview-args';

async function main(): Promise<void> {
  let args: ReturnType<typeof parsePreviewArgs>;
  let show: ReturnType<typeof previewShowConfig>;
  let embedOrigins: readonly string[];
  try {
    args = parsePreviewArgs(process.argv.slice(2), process.env);
    if (args === 'help') return console.log(USAGE);
    show = previewShowConfig(args, process.env, (path) => readFileSync(path, 'utf8'));
    embedOrigins = loadEmbedOrigins(process.env);
  } catch (error: unknown) {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    }
    process.exitCode = 2;
    return;
  }
  const preview = await startPreview({ ...args, show, embedOrigins });
  for (const line of banner(preview.url, preview.port, args.source, show)) console.log(line);
  const shutdown = (signal: NodeJS.Signals): void => {
    console.log(`\n[preview] ${signal}: stopping`);
    void preview.stop().then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, shutdown);
}

main().catch((error: unknown) => {
  console.error(`[preview] ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  process.exitCode = 1;
});
