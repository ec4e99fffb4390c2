import { readFileSync } from 'node:fs';
import { terraformCliConfig, terraformEnv } from '../../scripts/terraform';

describe('terraformCliConfig', () => {
  it('installs every registry provider from the mirror when the mirror exists', () => {
    const config = terraformCliConfig('/opt/mirror', () => true);
    expect(config).toContain('filesystem_mirror {\n    path    = "/opt/mirror"\n    include = ["registry.terraform.io/*/*"]');
    expect(config).toContain('direct {\n    exclude = ["registry.terraform.io/*/*"]');
  });

  it('falls back to the public registry when there is no mirror', () => {
    expect(terraformCliConfig('/nowhere', () => false)).not.toContain('provider_installation');
  });
});

describe('terraformEnv', () => {
  it('points Terraform at our CLI config and turns off prompts and update checks', () => {
    const env = terraformEnv({ PATH: '/bin', TF_CLI_CONFIG_FILE: '/root/.terraformrc' });
    expect(env).toMatchObject({ PATH: '/bin', TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' });
    expect(readFileSync(env.TF_CLI_CONFIG_FILE as string, 'utf8')).toBe(terraformCliConfig());
  });
});
