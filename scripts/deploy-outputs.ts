// What the deploy workflow does with the stack's outputs after `terraform apply`: mask commands for every sensitive
// output, the public outputs as a flat file and as step outputs. Pure formatting; bin/deploy-outputs.ts runs it.
import { OUTPUT_NAMES } from '../core/output-names';
import type { StackOutputs } from './stack-outputs';

type OutputsJson = Record<string, { value?: unknown; sensitive?: boolean }>;

/**
 * `::add-mask::` commands for every sensitive output, one per line of each string in it: the runner then replaces
 * them with *** in everything any later step prints. The runner consumes these lines; they are not shown in the log.
 */
export function maskCommands(outputsJson: string): string[] {
  const outputs = JSON.parse(outputsJson) as OutputsJson;
  const lines = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') for (const line of value.split(/\r?\n/)) if (line.trim() !== '') lines.add(line);
    if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  for (const output of Object.values(outputs)) if (output.sensitive) collect(output.value);
  return [...lines].map((line) => `::add-mask::${line}`);
}

/** The public outputs as a flat `{ name: value }` file, which parseTerraformOutputs (OUTPUTS_FILE) reads back. */
export function publicOutputsFile(outputs: StackOutputs): string {
  const flat = Object.fromEntries(Object.entries(outputs).map(([key, value]) => [OUTPUT_NAMES[key as keyof StackOutputs], value]));
  return `${JSON.stringify(flat, null, 2)}\n`;
}

/** `name=value` lines for $GITHUB_OUTPUT; a newline in a value could forge another output, so it is refused. */
export function stepOutputLines(outputs: StackOutputs): string {
  return Object.entries(outputs)
    .map(([key, value]) => {
      if (/[\r\n]/.test(value)) throw new Error(`output ${OUTPUT_NAMES[key as keyof StackOutputs]} contains a line break; refusing to pass it on`);
      return `${OUTPUT_NAMES[key as keyof StackOutputs]}=${value}\n`;
    })
    .join('');
}
