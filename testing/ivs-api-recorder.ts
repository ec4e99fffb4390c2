// The IVS API stand-in on 127.0.0.1 for tests that check what the SDK sent: it keeps every request it read (the
// stand-in itself keeps none), and answers for the local channel's stream key unless told another.
import { LOCAL_STREAM_KEY, LOCAL_STREAM_KEY_ARN } from '../core/local-preview';
import { startIvsApiServer, type IvsApiOptions, type IvsApiRequest, type IvsApiServer, type IvsApiServerOptions } from '../local/ivs-api';

export type RecordingIvsApiOptions = Omit<IvsApiServerOptions, 'streamKey' | 'onRequest'> & {
  /** @default the local preview's key */
  readonly streamKey?: IvsApiOptions['streamKey'];
};

export interface RecordingIvsApi extends IvsApiServer {
  /** Every request whose body the stand-in read, in order. */
  readonly requests: readonly IvsApiRequest[];
}

export async function startRecordingIvsApi(options: RecordingIvsApiOptions): Promise<RecordingIvsApi> {
  const requests: IvsApiRequest[] = [];
  const server = await startIvsApiServer({
    streamKey: { arn: LOCAL_STREAM_KEY_ARN, value: LOCAL_STREAM_KEY },
    ...options,
    onRequest: (request) => requests.push(request),
  });
  return { url: server.url, close: () => server.close(), requests };
}
