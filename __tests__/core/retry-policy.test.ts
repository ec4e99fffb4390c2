// Backoff bounds, which errors are retried, and the Lambda timeout that fits the retry budget.
import { AccessDeniedException, ChannelNotBroadcasting, InternalServerException, ResourceNotFoundException, ThrottlingException, ValidationException } from '@aws-sdk/client-ivs';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryable, requiredTimeoutSeconds } from '../../core/retry-policy';

const $metadata = {};

describe('backoffDelayMs', () => {
  it.each([
    [1, 125, 250],
    [2, 250, 500],
    [3, 500, 1000],
    [4, 1000, 2000],
    [5, 2000, 4000],
    [6, 2000, 4000],
    [30, 2000, 4000],
  ])('waits between half and all of the ceiling after %d failures (%d..%d ms)', (failures, low, high) => {
    expect(backoffDelayMs(failures, DEFAULT_RETRY_POLICY, () => 0)).toBe(low);
    expect(backoffDelayMs(failures, DEFAULT_RETRY_POLICY, () => 1)).toBe(high);
    expect(backoffDelayMs(failures, DEFAULT_RETRY_POLICY, () => 0.5)).toBeCloseTo((low + high) / 2, -1);
  });

  it('clamps a random source that strays outside 0..1', () => {
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, () => 7)).toBe(250);
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, () => -3)).toBe(125);
  });
});

describe('isRetryable', () => {
  it.each([
    ['ChannelNotBroadcasting', new ChannelNotBroadcasting({ message: 'not live', $metadata }), true],
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', $metadata }), true],
    ['InternalServerException (a server fault)', new InternalServerException({ message: 'oops', $metadata }), true],
    ['AccessDeniedException', new AccessDeniedException({ message: 'no', $metadata }), false],
    ['ValidationException', new ValidationException({ message: 'bad', $metadata }), false],
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'gone', $metadata }), false],
    ['a plain Error', new Error('boom'), false],
    ['a string', 'ChannelNotBroadcasting', false],
    ['undefined', undefined, false],
  ])('treats %s as retryable: %s', (_name, error, retryable) => {
    expect(isRetryable(error)).toBe(retryable);
  });
});

describe('requiredTimeoutSeconds', () => {
  it('fits the default retry budget inside a 60 s Lambda timeout when there is no delay', () => {
    expect(requiredTimeoutSeconds(0)).toBeGreaterThan(DEFAULT_RETRY_POLICY.maxTotalMs / 1000);
    expect(requiredTimeoutSeconds(0)).toBeLessThanOrEqual(60);
  });

  it('adds the first-question delay', () => {
    expect(requiredTimeoutSeconds(120)).toBe(requiredTimeoutSeconds(0) + 120);
  });
});
