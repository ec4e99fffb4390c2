// The CDKTF app: configuration from the environment -> the live stack of that environment -> Terraform JSON.
import { App } from 'cdktf';
import { ConfigError, loadConfig, stackName } from './config';
import { LiveStreamStack } from './stacks/live-stream-stack';
import { BootstrapStack } from './stacks/bootstrap-stack';
import { BOOTSTRAP_STACK_NAME, loadBootstrapConfig } from './stacks/bootstrap-config';

function main(): void {
  const config = loadConfig();
  const app = new App();
  new LiveStreamStack(app, stackName(config.env), { config });
  new BootstrapStack(app, BOOTSTRAP_STACK_NAME, { config: loadBootstrapConfig() });
  app.synth();
}

try {
  main();
} catch (error: unknown) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
