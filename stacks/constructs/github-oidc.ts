// GitHub Actions' OIDC identity provider in the AWS account: created here, or the account's existing one reused
// (IAM holds one provider per URL, so a second `create` in the same account fails with EntityAlreadyExists).
import { Construct } from 'constructs';
import { DataAwsIamOpenidConnectProvider } from '@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import type { OidcProviderMode } from '../../config/bootstrap-config';
import { OIDC_AUDIENCE, OIDC_HOST } from '../policies/github-trust';

export const OIDC_URL = `https://${OIDC_HOST}`;

export interface GithubOidcProps {
  /** `existing` reads the account's provider for this URL instead of creating it. @default 'create' */
  readonly mode?: OidcProviderMode;
}

export class GithubOidc extends Construct {
  public readonly providerArn: string;

  constructor(scope: Construct, id: string, props: GithubOidcProps = {}) {
    super(scope, id);
    if ((props.mode ?? 'create') === 'existing') {
      this.providerArn = new DataAwsIamOpenidConnectProvider(this, 'provider', { url: OIDC_URL }).arn;
      return;
    }
    // No thumbprint: IAM validates GitHub's certificate against its own trusted CAs for this provider.
    this.providerArn = new IamOpenidConnectProvider(this, 'provider', { url: OIDC_URL, clientIdList: [OIDC_AUDIENCE] }).arn;
  }
}
