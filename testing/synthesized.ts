// Reads Testing.synth output as plain JSON, so tests can follow references between resources by name.
export interface Synthesized {
  readonly json: string;
  readonly resources: (type: string) => Record<string, unknown>[];
  readonly dataSources: (type: string) => Record<string, unknown>[];
  /** `${type.name.attr}` reference to the only resource of that type. */
  readonly ref: (type: string, attribute: string) => string;
  /** `${type.name.attr}` reference to the one resource of that type whose name contains `fragment` (its construct path). */
  readonly refTo: (type: string, fragment: string, attribute: string) => string;
  readonly raw: Record<string, any>;
}

export function readSynth(json: string): Synthesized {
  const raw = JSON.parse(json) as Record<string, any>;
  const block = (kind: 'resource' | 'data', type: string) => Object.values<Record<string, unknown>>(raw[kind]?.[type] ?? {});
  return {
    json,
    raw,
    resources: (type) => block('resource', type),
    dataSources: (type) => block('data', type),
    ref: (type, attribute) => {
      const names = Object.keys(raw.resource?.[type] ?? {});
      if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
      return `\${${type}.${names[0]}.${attribute}}`;
    },
    refTo: (type, fragment, attribute) => {
      const names = Object.keys(raw.resource?.[type] ?? {}).filter((name) => name.includes(fragment));
      if (names.length !== 1) throw new Error(`expected one ${type} named like "${fragment}", found ${names.length}`);
      return `\${${type}.${names[0]}.${attribute}}`;
    },
  };
}
