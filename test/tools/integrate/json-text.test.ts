/** Editing host JSON in place: only the keys we set change; the rest of the text stays byte for byte. */
import { parseJsonDoc, setTopLevelKeys } from '../../../tools/integrate/json-text';

const edit = (text: string, entries: Record<string, unknown>): string => setTopLevelKeys(parseJsonDoc(text, 'app.json'), entries);

describe('setTopLevelKeys', () => {
  it('appends a new key in the file indent and line endings, keeping everything before it', () => {
    const text = '{\r\n\t"pages": ["a"],\r\n\t"window": { "title": "}\\"{" }\r\n}\r\n';
    const out = edit(text, { preloadRule: { a: { packages: ['x'] } } });
    expect(out).toBe('{\r\n\t"pages": ["a"],\r\n\t"window": { "title": "}\\"{" },\r\n\t"preloadRule": {\r\n\t\t"a": {\r\n\t\t\t"packages": [\r\n\t\t\t\t"x"\r\n\t\t\t]\r\n\t\t}\r\n\t}\r\n}\r\n');
  });

  it('replaces only the value of an existing key, wherever it is', () => {
    const text = '{\n  "a": [1,2],\n  "b": {"x": [ "y" ]},\n  "c": true\n}\n';
    expect(edit(text, { b: { x: ['y', 'z'] } })).toBe('{\n  "a": [1,2],\n  "b": {\n    "x": [\n      "y",\n      "z"\n    ]\n  },\n  "c": true\n}\n');
  });

  it('keeps a one-line file on one line, and fills an empty object', () => {
    expect(edit('{ "usingComponents": {} }', { usingComponents: { e: '/e' } })).toBe('{ "usingComponents": {"e":"/e"} }');
    expect(edit('{}', { a: 1 })).toBe('{ "a": 1 }');
    expect(edit('{\n}\n', { a: 1 })).toBe('{\n  "a": 1\n}\n');
  });
});

describe('parseJsonDoc', () => {
  it.each([
    ['{\n  "a": 1,\n}', 'app.json:2:9'],
    ['{\n  "a": 1\n  "b": 2\n}', 'app.json:3:3'],
    ['{\n  // comment\n  "a": 1\n}', 'app.json:2:3'],
  ])('names line:column of %j', (text, where) => {
    expect(() => parseJsonDoc(text, 'app.json')).toThrow(`${where}: not valid JSON`);
  });

  it('refuses JSON that is not an object', () => {
    expect(() => parseJsonDoc('[1]', 'app.json')).toThrow('app.json: must be a JSON object');
  });
});
