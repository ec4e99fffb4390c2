// What a CloudFront edge compresses on the way to a viewer, as the preview imitates it.
import { EDGE_COMPRESSED_TYPES, edgeEncoding } from '../../core/edge-compression';

const js = { contentType: 'text/javascript; charset=utf-8', bytes: 400_000 };

describe('edgeEncoding', () => {
  it('prefers brotli when the viewer takes it, else gzip', () => {
    expect(edgeEncoding(js, 'gzip, deflate, br, zstd')).toBe('br');
    expect(edgeEncoding(js, 'gzip, deflate')).toBe('gzip');
    expect(edgeEncoding(js, 'identity')).toBeUndefined();
    expect(edgeEncoding(js, '')).toBeUndefined();
  });

  it('leaves WebAssembly, video and anything already encoded as it is', () => {
    expect(EDGE_COMPRESSED_TYPES.has('application/wasm')).toBe(false);
    expect(edgeEncoding({ contentType: 'application/wasm', bytes: 1_450_000 }, 'gzip, br')).toBeUndefined();
    expect(edgeEncoding({ contentType: 'video/mp2t', bytes: 500_000 }, 'gzip, br')).toBeUndefined();
    expect(edgeEncoding({ ...js, contentEncoding: 'gzip' }, 'gzip, br')).toBeUndefined();
  });

  it('compresses only objects of 1,000 to 10,000,000 bytes', () => {
    expect(edgeEncoding({ contentType: 'application/json; charset=utf-8', bytes: 999 }, 'gzip')).toBeUndefined();
    expect(edgeEncoding({ contentType: 'text/html; charset=utf-8', bytes: 1_000 }, 'gzip')).toBe('gzip');
    expect(edgeEncoding({ contentType: 'text/css', bytes: 10_000_001 }, 'gzip')).toBeUndefined();
  });
});
