// The one way a configuration loader reports problems: each names the variable, the bad value and what is allowed,
// and all of them are reported at once, before anything is written.

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Environment variables as the loaders read them. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

/** GitHub passes an unset repository variable as '': treat it as unset, so the default applies. */
export function withoutEmpty(env: ConfigEnv): ConfigEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}

/** Collects problems while a loader reads its variables; `throwIfAny` ends the load. */
export class Problems {
  private readonly list: string[] = [];

  add(problem: string): void {
    this.list.push(problem);
  }

  /** Records `NAME is "value"; allowed: …` when `ok` rejects the value; returns the value either way. */
  check(name: string, value: string, ok: (v: string) => boolean, allowed: string): string {
    if (!ok(value)) this.add(`${name} is "${value}"; allowed: ${allowed}`);
    return value;
  }

  oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
    return this.check(name, value, (v) => (allowed as readonly string[]).includes(v), allowed.join(', ')) as T;
  }

  get all(): readonly string[] {
    return this.list;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ConfigError(this.list);
  }
}

/** Runs every loader, so one run reports the problems of all of them, not just the first one's. */
export function loadAll<T extends readonly unknown[]>(...loaders: { [K in keyof T]: () => T[K] }): T {
  const problems: string[] = [];
  const results = loaders.map((load) => {
    try {
      return load();
    } catch (error: unknown) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return results as unknown as T;
}
