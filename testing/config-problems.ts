// The problems a configuration loader reports: fails the test when it accepts the configuration instead.
import { ConfigError } from '../config/config-error';

export function configProblems(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected with a ConfigError');
}
