// Job summaries of the deploy and destroy workflows: what a viewer and a broadcaster need (website URL, ingest server),
// and never the stream key. Pure formatting; `npx tsx bin/job-summary.ts destroyed` appends one to $GITHUB_STEP_SUMMARY.
import { IVS_CONSOLE_STREAM_KEY } from '../core/stream-key';
import { stackName } from '../core/naming';
import type { StackOutputs } from './stack-outputs';

export type SummaryKind = 'deployed' | 'destroyed';

export const SUMMARIES: Readonly<Record<SummaryKind, { readonly icon: string; readonly title: string }>> = {
  deployed: { icon: '🚀', title: 'deployed' },
  destroyed: { icon: '🧹', title: 'destroyed' },
};

function heading(kind: SummaryKind, env: string): string {
  return `### ${SUMMARIES[kind].icon} \`${stackName(env)}\` ${SUMMARIES[kind].title}`;
}

/** Table cells are plain text: a `|` or a newline in a value would break the table, so they are escaped. */
function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function deploySummary(env: string, outputs: StackOutputs): string {
  return [
    heading('deployed', env),
    '',
    '| | |',
    '|---|---|',
    `| Website | ${cell(outputs.websiteUrl)} |`,
    `| Ingest server (RTMPS) | \`${cell(outputs.ingestServer)}\` |`,
    `| Playback URL | ${cell(outputs.playbackUrl)} |`,
    `| Channel | \`${cell(outputs.channelArn)}\` |`,
    '',
    // The key is a secret: anyone holding it can broadcast. It is read where it is needed, by someone allowed to.
    `Stream key: not shown here. On your own machine, with your own AWS credentials: \`LIVE_ENV=${env} npm run stream-key\`; or in the ${IVS_CONSOLE_STREAM_KEY}.`,
    '',
  ].join('\n');
}

export function destroySummary(env: string): string {
  return [heading('destroyed', env), '', 'Every resource of the stack was removed (the website bucket was emptied first); its state stays in the state bucket, empty.', ''].join('\n');
}
