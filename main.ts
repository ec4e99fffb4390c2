// The CDKTF app: configuration from the environment -> the live stack of that environment and the bootstrap
// stack -> Terraform JSON in cdktf.out/stacks/.
import { join } from 'node:path';
import { App } from 'cdktf';
import { ConfigError, loadConfig, stackName } from './config';
import { LiveStreamStack } from './stacks/live-stream-stack';
import { BootstrapStack } from './stacks/bootstrap-stack';
import { BOOTSTRAP_STACK_NAME, loadBootstrapConfig } from './stacks/bootstrap-config';

function main(): void {
  const [config, bootstrapConfig] = loadEvery(loadConfig, loadBootstrapConfig);
  const app = new App();
  const live = new LiveStreamStack(app, stackName(config.env), { config });
  const bootstrap = new BootstrapStack(app, BOOTSTRAP_STACK_NAME, { config: bootstrapConfig });
  app.synth();
  process.stdout.write(`Synthesized ${[live, bootstrap].map((s) => s.node.id).join(', ')} into ${join(app.outdir, 'stacks')}\n`);
}

/** Runs every loader, so one run reports the problems of both configurations, not just the first one's. */
function loadEvery<A, B>(first: () => A, second: () => B): [A, B] {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error: unknown) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const results = [attempt(first), attempt(second)] as const;
  if (problems.length > 0) throw new ConfigError(problems);
  return results as [A, B];
}

try {
  main();
} catch (error: unknown) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
