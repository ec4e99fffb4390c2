// The command line of `npm start`: flags to preview options (with errors naming the flag, the value and what is
// allowed), the show it plays (the project's configuration, flags overriding it), and the banner it prints, with the
// RTMP server and stream key as OBS asks for them. Pure: files are read through the function it is given.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { describePayload, validateMetadata } from '../core/payload';
import { parseQuestionDelay, QUESTION_DELAY_RULE } from '../core/question-delay';
import { Problems, type ConfigEnv } from '../config/config-error';
import { compactPayload, loadShowConfig, type ReadText, type ShowConfig } from '../config/show-config';
import { DEFAULT_PREVIEW_PORT, DEFAULT_RTMP_PORT, LOCAL_STREAM_KEY } from '../core/local-preview';
import { parseSource, rtmpServerUrl, type ChannelSource } from './ffmpeg-args';

/**
 * How often the preview puts the last quiz back into the stream: never by default, like IVS. A viewer who opens the
 * page late reads the current question from live/current.json instead.
 */
export const DEFAULT_REPEAT_QUESTION_SECONDS = 0;

export class InvalidPreviewOption extends Error {
  override name = 'InvalidPreviewOption';
}

export interface PreviewArgs {
  readonly source: ChannelSource;
  readonly port: number;
  /** --metadata-file, resolved from where `npm start` was typed; overrides METADATA_JSON / METADATA_FILE. */
  readonly metadataFile?: string;
  /** --question-delay; overrides FIRST_QUESTION_DELAY_SECONDS. */
  readonly questionDelaySeconds?: number;
  readonly repeatQuestionSeconds: number;
}

export const USAGE = `Local preview of the live page without AWS: a local IVS-like channel, the real page and the real function.

Usage: npm start -- [options]

  --source test|rtmp|file:<path>   what the channel plays (default: test, a test pattern with a clock and a tone)
                                   rtmp: wait for OBS or ffmpeg to stream to rtmp://127.0.0.1:<rtmp-port>/app
  --port <n>                       HTTP port of the page, playlist and PutMetadata (default: $PREVIEW_PORT or ${DEFAULT_PREVIEW_PORT})
  --rtmp-port <n>                  RTMP port for --source rtmp (default: ${DEFAULT_RTMP_PORT})
  --metadata-file <path>           payload the function sends on Stream Start
                                   (default: METADATA_JSON or METADATA_FILE, as for synth; else examples/quiz-question.json)
  --question-delay <seconds>       seconds between Stream Start and the first question
                                   (default: FIRST_QUESTION_DELAY_SECONDS, as for synth; else 0)
  --repeat-question <seconds>      also repeat the last quiz in the stream every <seconds>, 0 = never, like IVS
                                   (default: ${DEFAULT_REPEAT_QUESTION_SECONDS}; late viewers read live/current.json)
  --help                           show this text`;

export function parsePreviewArgs(argv: readonly string[], env: NodeJS.ProcessEnv): PreviewArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      source: { type: 'string', default: 'test' },
      port: { type: 'string' },
      'rtmp-port': { type: 'string' },
      'metadata-file': { type: 'string' },
      'question-delay': { type: 'string' },
      'repeat-question': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  // npm runs scripts from the project root; paths are meant from where the user typed `npm start`.
  const cwd = env.INIT_CWD ?? process.cwd();
  const rtmpPort = integer('--rtmp-port', values['rtmp-port'] ?? String(DEFAULT_RTMP_PORT), 1, 65535);
  const source = parseSource(values.source, { port: rtmpPort, streamKey: LOCAL_STREAM_KEY });
  return {
    source: source.kind === 'file' ? { kind: 'file', path: resolve(cwd, source.path) } : source,
    port: integer('--port', values.port ?? env.PREVIEW_PORT ?? String(DEFAULT_PREVIEW_PORT), 0, 65535),
    metadataFile: values['metadata-file'] ? resolve(cwd, values['metadata-file']) : undefined,
    questionDelaySeconds: values['question-delay'] === undefined ? undefined : questionDelay(values['question-delay']),
    repeatQuestionSeconds: integer('--repeat-question', values['repeat-question'] ?? String(DEFAULT_REPEAT_QUESTION_SECONDS), 0, 3600),
  };
}

function questionDelay(raw: string): number {
  const seconds = parseQuestionDelay(raw);
  if (seconds === undefined) throw new InvalidPreviewOption(`--question-delay is ${JSON.stringify(raw)}; allowed: ${QUESTION_DELAY_RULE}`);
  return seconds;
}

/**
 * The show the preview plays: the project's configuration read by the same loader as synth (METADATA_JSON,
 * METADATA_FILE, FIRST_QUESTION_DELAY_SECONDS, with the same messages), each overridden by its flag when given.
 */
export function previewShowConfig(args: Pick<PreviewArgs, 'metadataFile' | 'questionDelaySeconds'>, env: ConfigEnv, readText: ReadText): ShowConfig {
  const { METADATA_JSON, METADATA_FILE, FIRST_QUESTION_DELAY_SECONDS, ...rest } = env;
  const fromEnv = loadShowConfig({
    ...rest,
    ...(args.metadataFile === undefined && { METADATA_JSON, METADATA_FILE }),
    ...(args.questionDelaySeconds === undefined && { FIRST_QUESTION_DELAY_SECONDS }),
  }, readText);
  const delay = args.questionDelaySeconds ?? fromEnv.firstQuestionDelaySeconds;
  if (args.metadataFile === undefined) return { ...fromEnv, firstQuestionDelaySeconds: delay };
  let text: string;
  try {
    text = readText(args.metadataFile);
  } catch (error: unknown) {
    throw new InvalidPreviewOption(`--metadata-file is "${args.metadataFile}", which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); allowed: a JSON payload file such as examples/quiz-question.json`);
  }
  const problems = new Problems();
  const metadataJson = compactPayload(problems, '--metadata-file', text);
  problems.throwIfAny();
  return { metadataJson, metadataSource: `--metadata-file ${args.metadataFile}`, firstQuestionDelaySeconds: delay };
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidPreviewOption(`${flag} is ${JSON.stringify(raw)}; allowed: an integer from ${min} to ${max}`);
  }
  return value;
}

/** What to open, what the function will send, and for RTMP what to type into OBS (Settings -> Stream -> Service "Custom..."). */
export function banner(url: string, port: number, source: ChannelSource, show: ShowConfig): string[] {
  const delay = show.firstQuestionDelaySeconds > 0 ? ` ${show.firstQuestionDelaySeconds} s after Stream Start` : ' on Stream Start';
  const lines = ['', `  Open ${url}`, '', `  Sends${delay}: ${describePayload(validateMetadata(show.metadataJson))}`, `    (from ${show.metadataSource})`, ''];
  if (source.kind === 'rtmp') {
    const server = rtmpServerUrl(source.port);
    lines.push(
      '  Stream to it as to IVS (OBS: Settings -> Stream -> Service "Custom...", H.264 + AAC, keyframe interval 2 s):',
      `    Server:     ${server}`,
      `    Stream key: ${source.streamKey}`,
      `  or with ffmpeg: ffmpeg -re -i video.mp4 -c:v libx264 -g 60 -c:a aac -f flv ${server}/${source.streamKey}`,
      '',
    );
  }
  lines.push(`  Send a question: npm run send-metadata -- --local --port ${port} --file examples/quiz-question.json`, '  Stop: Ctrl-C', '');
  return lines;
}
