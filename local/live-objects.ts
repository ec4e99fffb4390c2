// The preview's stand-in for the live objects of the site bucket (live/current.json, …): what the function writes
// under `live/` in AWS, the preview keeps in memory and serves under the same keys, with the same headers.
import { isLiveObject, LIVE_PREFIX } from '../core/site-objects';

export class LiveObjects {
  private readonly objects = new Map<string, string>();

  /** Writes an object, byte for byte, as the function's PutObject does. */
  put(key: string, body: string): void {
    if (!isLiveObject(key)) throw new Error(`${key} is not a live object; allowed: a key under ${LIVE_PREFIX}`);
    this.objects.set(key, body);
  }

  /** As S3's DeleteObject: a key that is already gone is no error. */
  delete(key: string): void {
    this.objects.delete(key);
  }

  /** The object's body, or undefined when it does not exist (404). */
  get(key: string): string | undefined {
    return this.objects.get(key);
  }
}
