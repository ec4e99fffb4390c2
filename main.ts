// The CDKTF app: configuration from the environment -> the live stack of that environment and the bootstrap
// stack -> Terraform JSON in cdktf.out/stacks/. Wires only: the rules live in config/, the resources in stacks/.
import { join } from 'node:path';
import { App } from 'cdktf';
import { BOOTSTRAP_STACK_NAME, stackName } from './core/naming';
import { loadBootstrapConfig } from './config/bootstrap-config';
import { ConfigError, loadAll } from './config/config-error';
import { loadConfig } from './config/live-config';
import { BootstrapStack } from './stacks/bootstrap-stack';
import { LiveStreamStack } from './stacks/live-stream-stack';

try {
  // Both loaders run, so one synth reports the problems of both configurations.
  const [config, bootstrapConfig] = loadAll(loadConfig, loadBootstrapConfig);
  const app = new App();
  const live = new LiveStreamStack(app, stackName(config.env), { config });
  const bootstrap = new BootstrapStack(app, BOOTSTRAP_STACK_NAME, { config: bootstrapConfig });
  app.synth();
  process.stdout.write(`Synthesized ${[live, bootstrap].map((s) => s.node.id).join(', ')} into ${join(app.outdir, 'stacks')}\n`);
} catch (error: unknown) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
