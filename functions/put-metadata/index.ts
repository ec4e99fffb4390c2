// The Lambda entry point (bundled to dist/functions/put-metadata/index.js, handler `index.handler`):
// environment and client are read and built once per container, at init.
import { readFunctionConfig } from '../shared/env';
import { createIvsClient } from '../shared/ivs-client';
import { sleep } from '../shared/put-metadata';
import { createHandler } from './handler';

export const handler = createHandler({ config: readFunctionConfig(process.env), client: createIvsClient(), sleep });
