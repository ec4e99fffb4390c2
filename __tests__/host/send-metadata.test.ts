// The host CLI's behaviour end to end with the real SDK clients against the local PutMetadata endpoint and the local
// S3 stand-in.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSendMetadata, type CliDependencies } from '../../host/send-metadata';
import { LIVE_OBJECT_CACHE, JSON_CONTENT_TYPE, CURRENT_QUESTION_KEY } from '../../core/site-objects';
import { createIvsClient } from '../../aws/clients';
import { LOCAL_ANSWERS_TABLE, LOCAL_CHANNEL_ARN } from '../../core/local-preview';
import { startRecordingIvsApi, type RecordingIvsApiOptions, type RecordingIvsApi } from '../../testing/ivs-api-recorder';
import { startFakeS3, type FakeS3 } from '../../testing/fake-s3';
import { startTestAnswerTables, type TestAnswerTables } from '../../testing/answer-table';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { readQuestion } from '../../aws/question-store';
import { createAnswerHandler } from '../../functions/answers/handler';
import { ANSWERS_API_PATH, REVEAL_GRACE_MS } from '../../core/answers';
import { createAnswerTable } from '../../local/answer-table';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'quiz-question.json');
const DEPLOYED = 'arn:aws:ivs:eu-west-1:123456789012:channel/Deployed1234';
const FAKE_CREDENTIALS = { accessKeyId: 'AKIDCLITEST', secretAccessKey: 'cli-test-secret' };
const BUCKET = 'ivs-live-dev-site-20261125160000000000000001';

let tables: TestAnswerTables;
beforeAll(async () => {
  tables = await startTestAnswerTables();
  // The preview's table, for the --local target (which these tests point at dynalite).
  await createAnswerTable(tables.client, LOCAL_ANSWERS_TABLE);
});
afterAll(() => tables.stop());

describe('send-metadata CLI', () => {
  let server: RecordingIvsApi;
  const started: RecordingIvsApi[] = [];
  let received: string[];
  let printed: string[];
  let regions: (string | undefined)[];
  let s3: FakeS3;
  let s3Regions: (string | undefined)[];

  async function start(options: Partial<RecordingIvsApiOptions> = {}): Promise<void> {
    server = await startRecordingIvsApi({ channelArn: LOCAL_CHANNEL_ARN, isLive: () => true, onMetadata: (m) => received.push(m), ...options });
    started.push(server);
  }

  beforeEach(async () => {
    received = [];
    printed = [];
    regions = [];
    s3Regions = [];
    s3 = await startFakeS3(BUCKET);
  });

  afterEach(async () => {
    await Promise.all([...started.splice(0).map((s) => s.close()), s3.close()]);
  });

  function deps(overrides: Partial<CliDependencies> = {}): CliDependencies {
    return {
      readFile: (path) => readFile(path, 'utf8'),
      readStackOutputs: async () => ({ channelArn: DEPLOYED, bucketName: BUCKET }),
      // The real client; fake credentials when the target brings none (the local target brings its own).
      createClient: (options) => {
        regions.push(options.region);
        return createIvsClient({ credentials: FAKE_CREDENTIALS, ...options });
      },
      // The real S3 client, pointed at the stand-in (its endpoint and credentials; the region as the CLI chose it).
      createS3Client: (options) => {
        s3Regions.push(options.region);
        return s3.client();
      },
      // The real DynamoDB client, against dynalite.
      createDynamoDbClient: () => tables.client,
      sleep: async () => undefined,
      print: (line) => printed.push(line),
      ...overrides,
    };
  }

  it('sends the example quiz file to the local preview and says so', async () => {
    await start();
    const code = await runSendMetadata(['--local', '--port', portOf(server), '--file', EXAMPLE], {}, deps());
    expect(code).toBe(0);
    expect(received.map((m) => JSON.parse(m))).toEqual([JSON.parse(await readFile(EXAMPLE, 'utf8'))]);
    expect(received[0]).not.toMatch(/\n/);
    expect(printed).toEqual([
      `opened "q1-capital-of-australia" for answers in ${LOCAL_ANSWERS_TABLE} (300 s, or until --reveal)`,
      `sending quiz "What is the capital of Australia?" [Sydney | Melbourne | *Canberra* | Perth] (${Buffer.byteLength(received[0])} bytes) to ${LOCAL_CHANNEL_ARN} via ${server.url}`,
      'sent after 1 attempt',
    ]);
  });

  it('signs local requests with the fake local credentials', async () => {
    await start();
    await runSendMetadata(['--local', '--port', portOf(server), '--announcement', 'hi'], {}, deps({ createClient: createIvsClient }));
    expect(server.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIALOCALPREVIEW0000\/\d{8}\/us-east-1\/ivs\//);
  });

  it('sends a quiz built from flags', async () => {
    await start();
    const argv = ['--local', '--port', portOf(server), '--question', 'Best codec?', '--answer', 'H.264', '--answer', 'AV1', '--correct', '2'];
    await expect(runSendMetadata(argv, {}, deps())).resolves.toBe(0);
    expect(JSON.parse(received[0])).toEqual({ type: 'quiz', question: 'Best codec?', answers: ['H.264', 'AV1'], correctIndex: 1 });
  });

  it('prints each retry while the channel is not broadcasting, then sends', async () => {
    let calls = 0;
    await start({ isLive: () => (calls += 1) > 2 });
    const code = await runSendMetadata(['--local', '--port', portOf(server), '--announcement', 'Starting'], {}, deps({ sleep: async () => undefined }));
    expect(code).toBe(0);
    expect(printed.slice(1)).toEqual([
      expect.stringMatching(/^attempt 1: ChannelNotBroadcasting; retrying in \d+ ms$/),
      expect.stringMatching(/^attempt 2: ChannelNotBroadcasting; retrying in \d+ ms$/),
      'sent after 3 attempts',
    ]);
  });

  it('reads the channel ARN from the stack outputs of LIVE_ENV and signs for the ARN region', async () => {
    await start({ channelArn: DEPLOYED });
    const envs: string[] = [];
    const readStackOutputs = async (env: string) => {
      envs.push(env);
      return { channelArn: DEPLOYED, bucketName: BUCKET };
    };
    const code = await runSendMetadata(['--endpoint', server.url, '--announcement', 'hi'], { LIVE_ENV: 'prod' }, deps({ readStackOutputs }));
    expect(code).toBe(0);
    expect(envs).toEqual(['prod']);
    expect(regions).toEqual(['eu-west-1']);
    expect(JSON.parse(server.requests[0].body)).toMatchObject({ channelArn: DEPLOYED });
  });

  it('says to deploy first or pass --channel-arn when the stack outputs are unavailable', async () => {
    const readStackOutputs = async () => {
      throw new Error('no state for stack ivs-live-dev');
    };
    const code = await runSendMetadata(['--announcement', 'hi'], {}, deps({ readStackOutputs }));
    expect(code).toBe(2);
    expect(printed).toEqual([
      'error: cannot read the channel ARN of stack "dev" from Terraform outputs (no state for stack ivs-live-dev): run `cdktf deploy` first or pass --channel-arn',
    ]);
  });

  it('rejects an invalid payload before sending, naming the problem', async () => {
    await start();
    const code = await runSendMetadata(['--local', '--port', portOf(server), '--file', 'quiz.json'], {}, deps({ readFile: async () => '{"type":"quiz","question":"Q?","answers":["a"],"correctIndex":0}' }));
    expect(code).toBe(2);
    expect(printed).toEqual(['error: invalid metadata: "answers" must be an array of 2 to 6 strings']);
    expect(server.requests).toEqual([]);
  });

  it('rejects a file that cannot be read, naming it', async () => {
    const code = await runSendMetadata(['--local', '--file', '/nonexistent/q.json'], {}, deps());
    expect(code).toBe(2);
    expect(printed[0]).toMatch(/^error: cannot read --file "\/nonexistent\/q.json": ENOENT/);
  });

  it('prints usage help after a usage error', async () => {
    await expect(runSendMetadata(['--local'], {}, deps())).resolves.toBe(2);
    expect(printed).toEqual(['error: give exactly one payload: --file, --question, --announcement or --reveal (got none)', 'run with --help for usage']);
  });

  it('prints the usage for --help', async () => {
    await expect(runSendMetadata(['--help'], {}, deps())).resolves.toBe(0);
    expect(printed[0]).toMatch(/^Send one timed-metadata payload/);
  });

  it('exits 1 with the IVS message when the channel does not exist', async () => {
    await start();
    const code = await runSendMetadata(['--channel-arn', DEPLOYED, '--endpoint', server.url, '--announcement', 'hi'], {}, deps());
    expect(code).toBe(1);
    expect(printed[1]).toBe(`failed: PutMetadata failed after 1 attempt: ResourceNotFoundException: Channel ${DEPLOYED} not found`);
  });

  it('re-sends with --repeat until interrupted, giving the quiz one stable id', async () => {
    await start();
    const controller = new AbortController();
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      if (ms >= 1000) waits.push(ms);
      if (waits.length === 3) controller.abort();
    };
    const argv = ['--local', '--port', portOf(server), '--repeat', '20', '--question', 'Q?', '--answer', 'a', '--answer', 'b', '--correct', '1'];
    const code = await runSendMetadata(argv, {}, deps({ sleep, signal: controller.signal }));
    expect(code).toBe(0);
    expect(waits).toEqual([20_000, 20_000, 20_000]);
    expect(received).toHaveLength(3);
    const ids = received.map((m) => (JSON.parse(m) as { id?: string }).id);
    expect(ids[0]).toMatch(/^q-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(1);
    expect(printed.slice(-2)).toEqual(['next send in 20 s (Ctrl-C to stop)', 'stopped after 3 sends']);
  });

  it('keeps the id a repeated quiz already has', async () => {
    await start();
    const controller = new AbortController();
    const sleep = async () => controller.abort();
    await runSendMetadata(['--local', '--port', portOf(server), '--repeat', '5', '--file', EXAMPLE], {}, deps({ sleep, signal: controller.signal }));
    expect(received.map((m) => (JSON.parse(m) as { id?: string }).id)).toEqual(['q1-capital-of-australia']);
  });

  describe('keeping the current question for late joiners', () => {
    const storedQuestion = (): string | undefined => s3.objects.get(CURRENT_QUESTION_KEY)?.body.toString('utf8');

    it('writes what IVS accepted to the stack\'s bucket from the outputs, no-cache and JSON, in the channel\'s region', async () => {
      await start({ channelArn: DEPLOYED });
      const code = await runSendMetadata(['--endpoint', server.url, '--announcement', 'Back in 5'], {}, deps());
      expect(code).toBe(0);
      expect(received).toEqual(['{"type":"announcement","text":"Back in 5"}']);
      expect(s3.objects.get(CURRENT_QUESTION_KEY)).toEqual({
        body: Buffer.from(received[0]),
        contentType: JSON_CONTENT_TYPE,
        cacheControl: LIVE_OBJECT_CACHE,
      });
      expect(s3Regions).toEqual(['eu-west-1']);
      expect(printed.slice(1)).toEqual(['sent after 1 attempt', `wrote s3://${BUCKET}/${CURRENT_QUESTION_KEY} for late joiners`]);
    });

    it('writes to --bucket when the channel ARN is given', async () => {
      await start({ channelArn: DEPLOYED });
      const code = await runSendMetadata(['--channel-arn', DEPLOYED, '--bucket', BUCKET, '--endpoint', server.url, '--file', EXAMPLE], {}, deps());
      expect(code).toBe(0);
      expect(storedQuestion()).toBe(received[0]);
    });

    it('writes nothing to S3 for a bare --channel-arn or the local preview', async () => {
      await start({ channelArn: DEPLOYED });
      await expect(runSendMetadata(['--channel-arn', DEPLOYED, '--endpoint', server.url, '--announcement', 'hi'], {}, deps())).resolves.toBe(0);
      await start();
      await expect(runSendMetadata(['--local', '--port', portOf(server), '--announcement', 'hi'], {}, deps())).resolves.toBe(0);
      expect(received).toHaveLength(2);
      expect(s3.requests).toEqual([]);
      expect(s3Regions).toEqual([]);
    });

    it('leaves no question behind when IVS refuses the payload', async () => {
      await start();
      const code = await runSendMetadata(['--endpoint', server.url, '--announcement', 'hi'], {}, deps());
      expect(code).toBe(1);
      expect(s3.requests).toEqual([]);
    });

    it('exits 1 naming the object and S3\'s error when the host may not write it, after the question was sent', async () => {
      await start({ channelArn: DEPLOYED });
      s3.denyPut.add(CURRENT_QUESTION_KEY);
      const code = await runSendMetadata(['--endpoint', server.url, '--announcement', 'hi'], {}, deps());
      expect(code).toBe(1);
      expect(received).toHaveLength(1);
      expect(printed.slice(1)).toEqual(['sent after 1 attempt', `failed: PutObject s3://${BUCKET}/${CURRENT_QUESTION_KEY} failed: AccessDenied: Access Denied`]);
    });

    it('rewrites the current question on every --repeat round', async () => {
      await start({ channelArn: DEPLOYED });
      const controller = new AbortController();
      let waits = 0;
      const sleep = async (ms: number) => {
        if (ms >= 1000 && (waits += 1) === 2) controller.abort();
      };
      const code = await runSendMetadata(['--endpoint', server.url, '--repeat', '10', '--announcement', 'hi'], {}, deps({ sleep, signal: controller.signal }));
      expect(code).toBe(0);
      expect(s3.requests).toEqual([`PUT ${CURRENT_QUESTION_KEY}`, `PUT ${CURRENT_QUESTION_KEY}`]);
    });

    it('mentions the bucket flag and the permission the host needs in its help', async () => {
      await runSendMetadata(['--help'], {}, deps());
      expect(printed[0]).toContain('--bucket <name>');
      expect(printed[0]).toContain(`s3:PutObject on arn:aws:s3:::<bucket>/${CURRENT_QUESTION_KEY}`);
    });
  });
});

describe('send-metadata CLI: the audience\'s answers', () => {
  let server: RecordingIvsApi;
  let s3: FakeS3;
  let table: string;
  let received: string[];
  let printed: string[];
  let slept: number[];
  let now: number;

  beforeEach(async () => {
    received = [];
    printed = [];
    slept = [];
    now = Date.UTC(2026, 11, 2, 20, 0, 0);
    table = await tables.freshTable();
    server = await startRecordingIvsApi({ channelArn: DEPLOYED, isLive: () => true, onMetadata: (m) => received.push(m) });
    s3 = await startFakeS3(BUCKET);
  });

  afterEach(async () => {
    await Promise.all([server.close(), s3.close()]);
  });

  const run = (args: readonly string[]): Promise<number> =>
    runSendMetadata(['--channel-arn', DEPLOYED, '--endpoint', server.url, '--bucket', BUCKET, '--table', table, ...args], {}, {
      readFile: (path) => readFile(path, 'utf8'),
      readStackOutputs: async () => {
        throw new Error('not read with --channel-arn');
      },
      createClient: (options) => createIvsClient({ credentials: FAKE_CREDENTIALS, ...options }),
      createS3Client: () => s3.client(),
      createDynamoDbClient: () => tables.client,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
      now: () => now,
      print: (line) => printed.push(line),
    });
  const QUESTION = ['--question', 'Capital of Australia?', '--answer', 'Sydney', '--answer', 'Canberra', '--correct', '2', '--id', 'capital'];

  /** A viewer's answer through the answer function's handler (a fresh instance: no cached read of the question). */
  async function answer(viewerId: string, choice: number): Promise<string> {
    const handler = createAnswerHandler({ config: { table }, client: tables.client, now: () => now });
    const body = JSON.stringify({ questionId: 'capital', viewerId, choice });
    const result = await handler({
      rawPath: ANSWERS_API_PATH,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST' } },
    } as unknown as LambdaFunctionURLEvent);
    return (JSON.parse(result.body) as { outcome: string }).outcome;
  }

  it('opens a quiz with an id for answers before sending it; --secret keeps the right answer in the table only', async () => {
    expect(await run([...QUESTION, '--secret'])).toBe(0);
    expect(JSON.parse(received[0])).toEqual({ type: 'quiz', id: 'capital', question: 'Capital of Australia?', answers: ['Sydney', 'Canberra'] });
    expect(await readQuestion(tables.client, table, 'capital')).toMatchObject({ status: 'open', answerCount: 2, correctIndex: 1, payload: received[0] });
    expect(printed).toContain(`opened "capital" for answers in ${table} (300 s, or until --reveal)`);
  });

  it('reveals: closes the question, waits for answers in flight, counts each viewer once, sends the results and keeps question and results for late joiners', async () => {
    expect(await run([...QUESTION, '--secret'])).toBe(0);
    expect(await answer('viewer-aaaaaaaaaaaaaaaa', 1)).toBe('recorded');
    expect(await answer('viewer-bbbbbbbbbbbbbbbb', 1)).toBe('recorded');
    expect(await answer('viewer-bbbbbbbbbbbbbbbb', 1)).toBe('duplicate');
    expect(await answer('viewer-cccccccccccccccc', 0)).toBe('recorded');
    expect(await answer('viewer-cccccccccccccccc', 1)).toBe('already-answered');

    expect(await run(['--reveal', 'capital'])).toBe(0);
    expect(slept).toEqual([REVEAL_GRACE_MS]);
    expect(JSON.parse(received[1])).toEqual({ type: 'results', id: 'capital', counts: [1, 2], correctIndex: 1 });
    expect(s3.objects.get(CURRENT_QUESTION_KEY)?.body.toString('utf8')).toBe(`[${received[0]},${received[1]}]`);
    expect(await answer('viewer-dddddddddddddddd', 0)).toBe('closed');
  });

  it('sends the frozen counts again on a second reveal, without waiting', async () => {
    await run(QUESTION);
    await answer('viewer-aaaaaaaaaaaaaaaa', 0);
    await run(['--reveal', 'capital']);
    slept = [];
    expect(await run(['--reveal', 'capital'])).toBe(0);
    expect(slept).toEqual([]);
    expect(received[2]).toBe(received[1]);
  });

  it('takes --correct at the reveal for a question that did not say its answer', async () => {
    const poll = JSON.stringify({ type: 'quiz', id: 'capital', question: 'Best city?', answers: ['Sydney', 'Canberra'] });
    expect(await run(['--file', await writeTemp(poll)])).toBe(0);
    expect(await run(['--reveal', 'capital', '--correct', '1'])).toBe(0);
    expect(JSON.parse(received.at(-1) as string)).toEqual({ type: 'results', id: 'capital', counts: [0, 0], correctIndex: 0 });
  });

  it('refuses to reveal a question nobody asked, or without a table, sending nothing', async () => {
    expect(await run(['--reveal', 'never-asked'])).toBe(2);
    expect(printed).toContain(`error: no question "never-asked" was asked in table ${table}: send it first`);
    printed = [];
    const code = await runSendMetadata(['--channel-arn', DEPLOYED, '--endpoint', server.url, '--reveal', 'capital'], {}, {
      readFile: async () => '',
      readStackOutputs: async () => ({ channelArn: DEPLOYED, bucketName: BUCKET }),
      createClient: (options) => createIvsClient({ credentials: FAKE_CREDENTIALS, ...options }),
      createS3Client: () => s3.client(),
      createDynamoDbClient: () => tables.client,
      sleep: async () => undefined,
      print: (line) => printed.push(line),
    });
    expect(code).toBe(2);
    expect(printed[0]).toBe('error: --reveal needs the answer table: deploy the stack (its outputs name it), or pass --table with --channel-arn');
    expect(received).toEqual([]);
  });
});

async function writeTemp(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'send-metadata-'));
  const path = join(dir, 'payload.json');
  await writeFile(path, text);
  temps.push(dir);
  return path;
}
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

function portOf(server: RecordingIvsApi): string {
  return new URL(server.url).port;
}
