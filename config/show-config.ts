// What the show sends and when, read from the environment: the payload sent on Stream Start (METADATA_JSON or
// METADATA_FILE) and FIRST_QUESTION_DELAY_SECONDS. The same loader serves synth and `npm start`, so both accept the
// same values and refuse the rest with the same messages.
import { readFileSync } from 'node:fs';
import { MAX_METADATA_BYTES, metadataByteLength, parseMetadata } from '../core/payload';
import { DEFAULT_METADATA_FILE } from '../core/project-paths';
import { parseQuestionDelay, QUESTION_DELAY_RULE } from '../core/question-delay';
import { Problems, withoutEmpty, type ConfigEnv } from './config-error';
import type { LiveConfigEnv } from './live-variables';
import { isInsideProject, projectPath } from './project-root';

export type ReadText = (path: string) => string;

export interface ShowConfig {
  /** The payload sent on Stream Start: validated, compact JSON text. */
  readonly metadataJson: string;
  /** Where the payload came from, for banners and logs: `METADATA_JSON`, or `METADATA_FILE <path>`. */
  readonly metadataSource: string;
  readonly firstQuestionDelaySeconds: number;
}

export function loadShowConfig(env: ConfigEnv, readText: ReadText = (p) => readFileSync(p, 'utf8')): ShowConfig {
  const problems = new Problems();
  const show = readShowConfig(problems, withoutEmpty(env), readText);
  problems.throwIfAny();
  return show;
}

/** The show's part of a larger configuration: problems go to the caller's collector. */
export function readShowConfig(problems: Problems, vars: LiveConfigEnv, readText: ReadText): ShowConfig {
  const { metadataJson, metadataSource } = readPayload(problems, vars, readText);
  const delay = vars.FIRST_QUESTION_DELAY_SECONDS ?? '0';
  const firstQuestionDelaySeconds = parseQuestionDelay(delay);
  if (firstQuestionDelaySeconds === undefined) problems.add(`FIRST_QUESTION_DELAY_SECONDS is "${delay}"; allowed: ${QUESTION_DELAY_RULE}`);
  return { metadataJson, metadataSource, firstQuestionDelaySeconds: firstQuestionDelaySeconds ?? 0 };
}

function readPayload(problems: Problems, vars: LiveConfigEnv, readText: ReadText): Pick<ShowConfig, 'metadataJson' | 'metadataSource'> {
  if (vars.METADATA_JSON && vars.METADATA_FILE) {
    problems.add('METADATA_JSON and METADATA_FILE are both set; set only one of them');
    return { metadataJson: '', metadataSource: '' };
  }
  if (vars.METADATA_JSON) return { metadataJson: compactPayload(problems, 'METADATA_JSON', vars.METADATA_JSON), metadataSource: 'METADATA_JSON' };
  const file = vars.METADATA_FILE ?? DEFAULT_METADATA_FILE;
  if (!isInsideProject(file)) {
    // The payload goes into the function's environment and the plan: a path outside the project could leak a file.
    problems.add(`METADATA_FILE is "${file}"; allowed: a path relative to the project root that stays inside it (no absolute path, no "..")`);
    return { metadataJson: '', metadataSource: '' };
  }
  let text: string;
  try {
    text = readText(projectPath(file));
  } catch {
    problems.add(`METADATA_FILE is "${file}"; the file cannot be read (a path relative to the project root is expected)`);
    return { metadataJson: '', metadataSource: '' };
  }
  return { metadataJson: compactPayload(problems, 'METADATA_FILE', text), metadataSource: `METADATA_FILE ${file}` };
}

/**
 * The payload as compact JSON (whitespace counts against IVS's 1 KB limit), or '' with the problem recorded under
 * `name` (a variable, or a flag such as `--metadata-file`).
 */
export function compactPayload(problems: Problems, name: string, text: string): string {
  const result = parseMetadata(text);
  if (!result.ok) {
    problems.add(`${name} is not a valid timed-metadata payload: ${result.problems.join('; ')}`);
    return '';
  }
  const compact = JSON.stringify(result.payload);
  if (metadataByteLength(compact) > MAX_METADATA_BYTES) problems.add(`${name} is over ${MAX_METADATA_BYTES} bytes`);
  return compact;
}
