// The command line of `npm start`: flags to preview options (with errors naming the flag, the value and what is
// allowed) and the banner it prints, with the RTMP server and stream key as OBS asks for them. Pure.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { MAX_FIRST_QUESTION_DELAY_SECONDS } from '../functions/shared/env';
import { DEFAULT_PREVIEW_PORT, DEFAULT_RTMP_PORT, LOCAL_STREAM_KEY } from './constants';
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
  readonly metadataFile?: string;
  readonly questionDelaySeconds: number;
  readonly repeatQuestionSeconds: number;
}

export const USAGE = `Local preview of the live page without AWS: a local IVS-like channel, the real page and the real function.

Usage: npm start -- [options]

  --source test|rtmp|file:<path>   what the channel plays (default: test, a test pattern with a clock and a tone)
                                   rtmp: wait for OBS or ffmpeg to stream to rtmp://127.0.0.1:<rtmp-port>/app
  --port <n>                       HTTP port of the page, playlist and PutMetadata (default: $PREVIEW_PORT or ${DEFAULT_PREVIEW_PORT})
  --rtmp-port <n>                  RTMP port for --source rtmp (default: ${DEFAULT_RTMP_PORT})
  --metadata-file <path>           payload the function sends on Stream Start (default: examples/quiz-question.json)
  --question-delay <seconds>       FIRST_QUESTION_DELAY_SECONDS for the function (default: 0)
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
    questionDelaySeconds: integer('--question-delay', values['question-delay'] ?? '0', 0, MAX_FIRST_QUESTION_DELAY_SECONDS),
    repeatQuestionSeconds: integer('--repeat-question', values['repeat-question'] ?? String(DEFAULT_REPEAT_QUESTION_SECONDS), 0, 3600),
  };
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidPreviewOption(`${flag} is ${JSON.stringify(raw)}; allowed: an integer from ${min} to ${max}`);
  }
  return value;
}

/** What to open, and for RTMP what to type into OBS (Settings -> Stream -> Service "Custom..."). */
export function banner(url: string, port: number, source: ChannelSource): string[] {
  const lines = ['', `  Open ${url}`, ''];
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
