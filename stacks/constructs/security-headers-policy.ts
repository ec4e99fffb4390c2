// The CDN's response headers policy: the site's security headers (core/security-headers.ts, the same values the local
// preview sends) on every response, the IVS worker script's included, whose policy the worker obeys.
import { Construct } from 'constructs';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import type { SecurityHeaders } from '../../core/security-headers';

export interface SecurityHeadersPolicyProps {
  /** Policy name, unique in the account. */
  readonly name: string;
  readonly headers: SecurityHeaders;
}

export class SecurityHeadersPolicy extends Construct {
  public readonly policyId: string;

  constructor(scope: Construct, id: string, props: SecurityHeadersPolicyProps) {
    super(scope, id);
    const { headers } = props;
    // override: the policy's values win over any the bucket's objects might carry.
    const policy = new CloudfrontResponseHeadersPolicy(this, 'policy', {
      name: props.name,
      comment: 'Content-Security-Policy, HSTS, nosniff, referrer and permissions policy of the live page',
      securityHeadersConfig: {
        contentSecurityPolicy: { contentSecurityPolicy: headers.contentSecurityPolicy, override: true },
        strictTransportSecurity: {
          accessControlMaxAgeSec: headers.strictTransportSecurity.maxAgeSeconds,
          includeSubdomains: headers.strictTransportSecurity.includeSubdomains,
          preload: headers.strictTransportSecurity.preload,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: headers.referrerPolicy, override: true },
        frameOptions: headers.frameOptions === undefined ? undefined : { frameOption: headers.frameOptions, override: true },
      },
      // Permissions-Policy is not among CloudFront's security headers: it goes as a custom header.
      customHeadersConfig: { items: [{ header: 'Permissions-Policy', value: headers.permissionsPolicy, override: true }] },
    });
    this.policyId = policy.id;
  }
}
