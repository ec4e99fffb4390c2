// Reads a synthesized CloudFront response headers policy as the header fields CloudFront adds to a response, written
// from CloudFront's documentation rather than from core/security-headers.ts, so comparing the two means something.

interface PolicyJson {
  readonly security_headers_config?: {
    readonly content_security_policy?: { readonly content_security_policy: string };
    readonly strict_transport_security?: { readonly access_control_max_age_sec: number; readonly include_subdomains?: boolean; readonly preload?: boolean };
    readonly content_type_options?: unknown;
    readonly referrer_policy?: { readonly referrer_policy: string };
    readonly frame_options?: { readonly frame_option: string };
    readonly xss_protection?: { readonly protection: boolean };
  };
  readonly custom_headers_config?: { readonly items: readonly { readonly header: string; readonly value: string }[] };
}

/** Lowercase header name -> value, for every header the policy adds. */
export function headersOfPolicy(policy: Record<string, unknown>): Record<string, string> {
  const { security_headers_config: security = {}, custom_headers_config: custom } = policy as PolicyJson;
  const fields: Record<string, string> = {};
  if (security.content_security_policy) fields['content-security-policy'] = security.content_security_policy.content_security_policy;
  const hsts = security.strict_transport_security;
  if (hsts) {
    fields['strict-transport-security'] = [`max-age=${hsts.access_control_max_age_sec}`, ...(hsts.include_subdomains ? ['includeSubDomains'] : []), ...(hsts.preload ? ['preload'] : [])].join('; ');
  }
  if (security.content_type_options) fields['x-content-type-options'] = 'nosniff';
  if (security.referrer_policy) fields['referrer-policy'] = security.referrer_policy.referrer_policy;
  if (security.frame_options) fields['x-frame-options'] = security.frame_options.frame_option;
  if (security.xss_protection) fields['x-xss-protection'] = security.xss_protection.protection ? '1' : '0';
  for (const item of custom?.items ?? []) fields[item.header.toLowerCase()] = item.value;
  return fields;
}
