// The Lambda entry point (bundled to dist/functions/answers/index.js, handler `index.handler`): environment and client
// are read and built once per container, at init.
import { createDynamoDbClient } from '../../aws/clients';
import { readAnswerFunctionConfig } from './env';
import { createAnswerHandler } from './handler';

export const handler = createAnswerHandler({ config: readAnswerFunctionConfig(process.env), client: createDynamoDbClient() });
