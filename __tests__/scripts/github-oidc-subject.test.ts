import { applySubjectCustomization, subjectCustomizationBody, type Fetch } from '../../scripts/github-oidc-subject';

/** A stand-in for GitHub's REST API: records the calls, answers the PUT and the GET as told. */
function fakeGitHub(get: { status?: number; body?: unknown } = {}, putStatus = 201) {
  const calls: { url: string; method: string; headers: Record<string, string>; body?: string }[] = [];
  const fetch: Fetch = async (url, init) => {
    calls.push({ url, ...init });
    const status = init.method === 'PUT' ? putStatus : (get.status ?? 200);
    return { ok: status < 300, status, json: async () => get.body ?? {} };
  };
  return { calls, fetch };
}

const CUSTOMIZED = { use_default: false, include_claim_keys: ['repo', 'context', 'job_workflow_ref'] };

describe('applySubjectCustomization', () => {
  it('puts the claim keys the roles trust, with the token, and reads back the subject prefix', async () => {
    const github = fakeGitHub({ body: { ...CUSTOMIZED, sub_claim_prefix: 'repo:octo-org/ivs-live' } });
    await expect(applySubjectCustomization('octo-org/ivs-live', 'ghp_token', github.fetch)).resolves.toBe('repo:octo-org/ivs-live');
    expect(github.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'PUT https://api.github.com/repos/octo-org/ivs-live/actions/oidc/customization/sub',
      'GET https://api.github.com/repos/octo-org/ivs-live/actions/oidc/customization/sub',
    ]);
    expect(JSON.parse(github.calls[0].body!)).toEqual(subjectCustomizationBody());
    expect(github.calls[0].headers.authorization).toBe('Bearer ghp_token');
  });

  it('addresses the repository by name when it is given with its immutable ids, and accepts the matching prefix', async () => {
    const github = fakeGitHub({ body: { ...CUSTOMIZED, sub_claim_prefix: 'repo:octo-org@1/ivs-live@2' } });
    await expect(applySubjectCustomization('octo-org@1/ivs-live@2', 't', github.fetch)).resolves.toBe('repo:octo-org@1/ivs-live@2');
    expect(github.calls[0].url).toContain('/repos/octo-org/ivs-live/');
  });

  it('stops with the --repo to use when GitHub issues immutable subjects the trust would not match', async () => {
    const github = fakeGitHub({ body: { ...CUSTOMIZED, sub_claim_prefix: 'repo:octo-org@1/ivs-live@2' } });
    await expect(applySubjectCustomization('octo-org/ivs-live', 't', github.fetch)).rejects.toThrow(
      'GitHub issues subjects starting with repo:octo-org@1/ivs-live@2, but the roles trust repo:octo-org/ivs-live: run npm run bootstrap again with --repo octo-org@1/ivs-live@2',
    );
  });

  it('says what the token lacks when GitHub refuses the change', async () => {
    await expect(applySubjectCustomization('octo-org/ivs-live', 't', fakeGitHub({}, 403).fetch)).rejects.toThrow(
      'GitHub refused the OIDC subject customization of octo-org/ivs-live (HTTP 403)',
    );
  });

  it('notices claim keys other than the ones the trust expects', async () => {
    const github = fakeGitHub({ body: { use_default: false, include_claim_keys: ['repo'] } });
    await expect(applySubjectCustomization('octo-org/ivs-live', 't', github.fetch)).rejects.toThrow('GitHub reports the claim keys [repo]');
  });
});
