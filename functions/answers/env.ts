// The answer function's configuration, read from its environment once and checked, with an error that names the variable.
import { isTableName, TABLE_NAME_RULE } from '../../core/answers';

export interface AnswerFunctionConfig {
  /** The table of answers and questions. */
  readonly table: string;
}

export class InvalidEnvironment extends Error {
  override name = 'InvalidEnvironment';
}

export function readAnswerFunctionConfig(env: NodeJS.ProcessEnv): AnswerFunctionConfig {
  const table = env.ANSWERS_TABLE;
  if (table === undefined || table.trim() === '') throw new InvalidEnvironment('`ANSWERS_TABLE` environment variable is not set');
  if (!isTableName(table)) throw new InvalidEnvironment(`\`ANSWERS_TABLE\` environment variable is ${JSON.stringify(table)}; allowed: ${TABLE_NAME_RULE}`);
  return { table };
}
