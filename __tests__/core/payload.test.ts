// The shared metadata schema: which payloads pass, and what each rejection says.
import { InvalidMetadata, MAX_METADATA_BYTES, parseMetadata, validateMetadata } from '../../core/payload';

const quiz = { type: 'quiz', question: 'Capital of Australia?', answers: ['Sydney', 'Canberra'], correctIndex: 1 };

describe('parseMetadata', () => {
  it.each([
    ['a quiz with two answers', quiz],
    ['a quiz with six answers and an id', { ...quiz, id: 'q1', answers: ['a', 'b', 'c', 'd', 'e', 'f'], correctIndex: 5 }],
    ['an announcement', { type: 'announcement', text: 'Back in 5 minutes' }],
    ['an announcement with emoji', { type: 'announcement', text: 'Live now 🎉' }],
    ['a quiz whose right answer stays secret (no correctIndex)', { type: 'quiz', id: 'q2', question: 'Best pizza?', answers: ['Margherita', 'Hawaii'] }],
    ['results with the right answer', { type: 'results', id: 'q2', counts: [3, 1], correctIndex: 0 }],
    ['results of a question without a right answer', { type: 'results', id: 'q2', counts: [0, 0, 7] }],
    ['results of six answers', { type: 'results', id: 'q.six_1-x', counts: [1, 2, 3, 4, 5, 9007199254740991], correctIndex: 5 }],
  ])('accepts %s', (_name, payload) => {
    expect(parseMetadata(JSON.stringify(payload))).toEqual({ ok: true, payload });
  });

  it.each([
    ['text that is not JSON', '{"type": "quiz"', ['is not valid JSON']],
    ['a JSON array', '[1, 2]', ['must be a JSON object']],
    ['a JSON string', '"hello"', ['must be a JSON object']],
    ['null', 'null', ['must be a JSON object']],
    ['a missing type', '{"question": "q"}', ['"type" is missing; allowed: "quiz", "announcement", "results"']],
    ['an unknown type', '{"type": "poll"}', ['"type" is "poll"; allowed: "quiz", "announcement", "results"']],
    ['a quiz without a question', JSON.stringify({ ...quiz, question: undefined }), ['"question" must be a non-empty string']],
    ['a quiz with a blank question', JSON.stringify({ ...quiz, question: '   ' }), ['"question" must be a non-empty string']],
    ['a quiz with one answer', JSON.stringify({ ...quiz, answers: ['only'], correctIndex: 0 }), ['"answers" must be an array of 2 to 6 strings']],
    ['a quiz with seven answers', JSON.stringify({ ...quiz, answers: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }), ['"answers" must be an array of 2 to 6 strings']],
    ['a quiz with a numeric answer', JSON.stringify({ ...quiz, answers: ['a', 2] }), ['"answers" must contain only non-empty strings']],
    ['a quiz whose correctIndex is past the answers', JSON.stringify({ ...quiz, correctIndex: 2 }), ['"correctIndex" must be an integer from 0 to 1 when present']],
    ['a quiz whose correctIndex is a string', JSON.stringify({ ...quiz, correctIndex: '1' }), ['"correctIndex" must be an integer from 0 to 1 when present']],
    ['a quiz whose correctIndex is negative', JSON.stringify({ ...quiz, correctIndex: -1 }), ['"correctIndex" must be an integer from 0 to 1 when present']],
    ['a quiz with an empty id', JSON.stringify({ ...quiz, id: '' }), ['"id" must be 1 to 64 letters, digits, ".", "_" or "-" when present']],
    ['a quiz whose id has a space', JSON.stringify({ ...quiz, id: 'q 1' }), ['"id" must be 1 to 64 letters, digits, ".", "_" or "-" when present']],
    ['a quiz whose id has the answer keys\' separator', JSON.stringify({ ...quiz, id: 'q#1' }), ['"id" must be 1 to 64 letters, digits, ".", "_" or "-" when present']],
    ['results without an id', '{"type":"results","counts":[1,2]}', ['"id" must be 1 to 64 letters, digits, ".", "_" or "-"']],
    ['results with one count', '{"type":"results","id":"q","counts":[1]}', ['"counts" must be an array of 2 to 6 whole numbers, one per answer']],
    ['results with a negative or fractional count', '{"type":"results","id":"q","counts":[1,-1,0.5]}', ['"counts" must contain only whole numbers from 0']],
    ['results whose correctIndex is past the counts', '{"type":"results","id":"q","counts":[1,2],"correctIndex":2}', ['"correctIndex" must be an integer from 0 to 1 when present']],
    ['results with the question text (it would not fit beside a 1 KB question)', '{"type":"results","id":"q","counts":[1,2],"question":"x"}', ['unknown field "question" (allowed: type, id, counts, correctIndex)']],
    ['a quiz with an unknown field', JSON.stringify({ ...quiz, html: '<b>' }), ['unknown field "html" (allowed: type, id, question, answers, correctIndex)']],
    ['an announcement without text', '{"type": "announcement"}', ['"text" must be a non-empty string']],
    ['an announcement with an unknown field', '{"type": "announcement", "text": "hi", "url": "x"}', ['unknown field "url" (allowed: type, text)']],
  ])('rejects %s', (_name, text, problems) => {
    expect(parseMetadata(text)).toEqual({ ok: false, problems });
  });

  it('reports every problem of a quiz at once', () => {
    expect(parseMetadata(JSON.stringify({ type: 'quiz', answers: 'a,b', correctIndex: 'x', extra: 1 }))).toEqual({
      ok: false,
      problems: [
        'unknown field "extra" (allowed: type, id, question, answers, correctIndex)',
        '"question" must be a non-empty string',
        '"answers" must be an array of 2 to 6 strings',
        '"correctIndex" must be an integer index into "answers" when present',
      ],
    });
  });

  // {"type":"announcement","text":""} is 33 bytes.
  const announcementOfBytes = (bytes: number): string => JSON.stringify({ type: 'announcement', text: 'x'.repeat(bytes - 33) });

  it('accepts a payload of exactly 1024 UTF-8 bytes', () => {
    const text = announcementOfBytes(MAX_METADATA_BYTES);
    expect(Buffer.byteLength(text)).toBe(MAX_METADATA_BYTES);
    expect(parseMetadata(text).ok).toBe(true);
  });

  it('rejects a payload of 1025 bytes, naming its size and the limit', () => {
    expect(parseMetadata(announcementOfBytes(1025))).toEqual({ ok: false, problems: ['is 1025 bytes; IVS allows at most 1024 bytes (UTF-8)'] });
  });

  it('counts UTF-8 bytes, not characters, against the 1 KB limit', () => {
    // 400 euro signs are 400 characters but 1200 bytes.
    const text = JSON.stringify({ type: 'announcement', text: '€'.repeat(400) });
    expect(parseMetadata(text)).toEqual({ ok: false, problems: [`is ${Buffer.byteLength(text)} bytes; IVS allows at most 1024 bytes (UTF-8)`] });
  });
});

describe('validateMetadata', () => {
  it('returns the payload when it is valid', () => {
    expect(validateMetadata(JSON.stringify(quiz))).toEqual(quiz);
  });

  it('throws InvalidMetadata listing the problems', () => {
    expect(() => validateMetadata('{"type": "announcement"}')).toThrow(
      expect.objectContaining({ name: 'InvalidMetadata', problems: ['"text" must be a non-empty string'] }),
    );
    expect(() => validateMetadata('[]')).toThrow(InvalidMetadata);
    expect(() => validateMetadata('[]')).toThrow('invalid metadata: must be a JSON object');
  });
});
