// The Amazon IVS channel viewers watch. Its stream key (made by CreateChannel) stays out of Terraform: the provider
// does not mark a read key sensitive, so the state would hold it in clear. The broadcaster reads it with
// `npm run stream-key` or in the IVS console.
import { Construct } from 'constructs';
import { IvsChannel as IvsChannelResource } from '@cdktf/provider-aws/lib/ivs-channel';
import type { ChannelType, LatencyMode } from '../../config/live-config';

/** IVS accepts RTMPS on port 443 under the `/app/` application, as OBS expects it. */
const INGEST_PORT = 443;

export interface IvsChannelProps {
  /** Channel name as shown in the IVS console. */
  readonly name: string;
  /** LOW for interactive shows (~2-5 s glass to glass). @default 'LOW' */
  readonly latencyMode?: LatencyMode;
  /** STANDARD transcodes to several renditions; BASIC passes the input through. @default 'STANDARD' */
  readonly type?: ChannelType;
}

export class IvsChannel extends Construct {
  public readonly arn: string;
  public readonly playbackUrl: string;
  /** RTMPS server URL for a broadcaster such as OBS. */
  public readonly ingestServer: string;

  constructor(scope: Construct, id: string, props: IvsChannelProps) {
    super(scope, id);
    const channel = new IvsChannelResource(this, 'channel', {
      name: props.name,
      latencyMode: props.latencyMode ?? 'LOW',
      type: props.type ?? 'STANDARD',
      authorized: false,
    });

    this.arn = channel.arn;
    this.playbackUrl = channel.playbackUrl;
    this.ingestServer = `rtmps://${channel.ingestEndpoint}:${INGEST_PORT}/app/`;
  }
}
