// The preview's stand-in for live/current.json in the site bucket: the last payload PutMetadata accepted during the
// current broadcast, forgotten when it ends, as the function writes the object on Stream Start and deletes it on End.

export class CurrentMetadataObject {
  private body: string | undefined;

  /** PutMetadata accepted this payload: late joiners get it, byte for byte. */
  put(metadata: string): void {
    this.body = metadata;
  }

  /** Stream End: no show, no current question. */
  delete(): void {
    this.body = undefined;
  }

  /** The body of live/current.json, or undefined when it does not exist (404). */
  get(): string | undefined {
    return this.body;
  }
}
