// A certificate for the site's custom domain, requested in us-east-1 (the only region CloudFront takes certificates
// from) and validated by DNS in the domain's Route 53 zone; the distribution waits until it is issued.
import { Construct } from 'constructs';
import { TerraformIterator, Token } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';

/** Validation records only need to be found once; a minute is plenty. */
const VALIDATION_RECORD_TTL_SECONDS = 60;

export interface SiteCertificateProps {
  /** The site's domain, e.g. `live.example.com`. */
  readonly domainName: string;
  /** The Route 53 hosted zone that answers for the domain. */
  readonly hostedZoneId: string;
  /** A provider for us-east-1, whatever the stack's region. */
  readonly usEast1: AwsProvider;
}

export class SiteCertificate extends Construct {
  /** The certificate's ARN once it is issued (the validation's, so whoever uses it waits for the validation). */
  public readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: SiteCertificateProps) {
    super(scope, id);
    const certificate = new AcmCertificate(this, 'certificate', {
      provider: props.usEast1,
      domainName: props.domainName,
      validationMethod: 'DNS',
      // A replacement is issued before the old one goes, so the distribution always has one.
      lifecycle: { createBeforeDestroy: true },
    });
    // One record per validation option (one for one domain), keyed by the domain, known at plan time.
    const options = TerraformIterator.fromComplexList(certificate.domainValidationOptions, 'domain_name');
    const records = new Route53Record(this, 'validation-record', {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: VALIDATION_RECORD_TTL_SECONDS,
      // The record may be left from an earlier certificate for the same domain: ACM's record for a domain is stable.
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'validation', {
      provider: props.usEast1,
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty('fqdn')),
    });
    this.certificateArn = validation.certificateArn;
  }
}
