// Points the site's custom domain at its CloudFront distribution: A and AAAA alias records (the distribution answers
// on IPv6 too) in the domain's Route 53 zone.
import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';

export interface SiteAliasRecordsProps {
  readonly hostedZoneId: string;
  /** The site's domain, e.g. `live.example.com`. */
  readonly domainName: string;
  /** The distribution's `<id>.cloudfront.net` name. */
  readonly distributionDomainName: string;
  /** CloudFront's own hosted zone, which alias records to a distribution name. */
  readonly distributionHostedZoneId: string;
}

export class SiteAliasRecords extends Construct {
  constructor(scope: Construct, id: string, props: SiteAliasRecordsProps) {
    super(scope, id);
    for (const type of ['A', 'AAAA']) {
      new Route53Record(this, type.toLowerCase(), {
        zoneId: props.hostedZoneId,
        name: props.domainName,
        type,
        alias: { name: props.distributionDomainName, zoneId: props.distributionHostedZoneId, evaluateTargetHealth: false },
      });
    }
  }
}
